import { Badge, Tooltip, VisuallyHidden } from "@mantine/core";
import { useEffect, useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** The current time, refreshed every `everyMs`: countdowns move without reloading the page. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2 j 3 h", "3 h 20 min", "12 min": the largest two units of a duration. */
export function formatDuration(ms: number, units: { day: string; hour: string; minute: string }): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${units.day} ${hours} ${units.hour}` : `${days} ${units.day}`;
  if (hours > 0) return rest > 0 ? `${hours} ${units.hour} ${rest} ${units.minute}` : `${hours} ${units.hour}`;
  return `${rest} ${units.minute}`;
}

const SOON_MS = 2 * 3_600_000;

/**
 * What remains before a deadline, in words and colour (red overdue, orange within two hours);
 * once the step is done, whether it was met. The exact deadline is in the tooltip and the label.
 */
export function SlaCountdown({ dueAt, doneAt, now, paused }: { dueAt: string | null; doneAt?: string | null | undefined; now: Date; paused?: boolean }) {
  const { t, formatDateTime } = useI18n();
  if (!dueAt)
    return (
      <span>
        <span aria-hidden>—</span>
        <VisuallyHidden>{t("sla.none")}</VisuallyHidden>
      </span>
    );
  const due = new Date(dueAt);
  const units = { day: t("sla.unit.day"), hour: t("sla.unit.hour"), minute: t("sla.unit.minute") };
  let color: string;
  let text: string;
  if (paused && !doneAt) {
    // Waiting for the requester or a third party: the deadline moves when the work resumes.
    color = "gray";
    text = t("sla.paused");
  } else if (doneAt) {
    const met = new Date(doneAt) <= due;
    color = met ? "teal" : "red";
    text = met ? t("sla.met") : t("sla.missed");
  } else {
    const left = due.getTime() - now.getTime();
    color = left < 0 ? "red" : left < SOON_MS ? "orange" : "gray";
    text = left < 0 ? t("sla.overdueBy", { duration: formatDuration(left, units) }) : t("sla.left", { duration: formatDuration(left, units) });
  }
  const full = t("sla.dueAt", { date: formatDateTime(due) });
  return (
    <Tooltip label={full} withArrow>
      <Badge color={color} variant={color === "gray" ? "light" : "filled"} tt="none" fw={600} style={{ cursor: "default" }}>
        {text}
        <VisuallyHidden> ({full})</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
