import { TICKET_CATEGORIES } from "@relais/shared/tickets";
import { useMemo } from "react";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { StatsRow } from "../api/steering-api.ts";
import type { Grouping } from "../routes/steering.search.ts";

/** A desk's business day: 08:00 to 18:00 (seed 003), to read a mean in days as well as hours. */
export const BUSINESS_DAY_MINUTES = 600;

const NO_GROUP: Record<Grouping, MessageKey> = {
  zone: "steering.group.noZone",
  sector: "steering.group.noSector",
  organisation: "steering.group.noOrganisation",
  school: "steering.group.noSchool",
  category: "steering.group.noCategory",
};

/** How the dashboard writes its figures: shares as percentages, business minutes as hours. */
export function useSteeringFormat() {
  const { t, locale, language } = useI18n();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    return {
      percent: (share: number | null) => (share === null ? "—" : percent.format(share)),
      /** A share as a 0–100 number for a chart's axis. */
      percentValue: (share: number | null) => (share === null ? 0 : Math.round(share * 1000) / 10),
      hours: (minutes: number | null) => (minutes === null ? "—" : t("steering.hoursValue", { hours: decimal.format(minutes / 60) })),
      days: (minutes: number) => decimal.format(minutes / BUSINESS_DAY_MINUTES),
      decimal: (value: number) => decimal.format(value),
      /** A group's name: categories by their label in the person's language, the API's name otherwise. */
      groupLabel: (row: StatsRow, groupBy: Grouping) => {
        if (row.label === null) return t(NO_GROUP[groupBy]);
        if (groupBy === "category") return (TICKET_CATEGORIES as Record<string, { fr: string; en: string }>)[row.label]?.[language] ?? row.label;
        return row.label;
      },
    };
  }, [t, locale, language]);
}
