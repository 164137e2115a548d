import {
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  Group,
  List,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { INTERVENTION_KINDS, INTERVENTION_STATUSES, type InterventionJson } from "@relais/shared/interventions";
import { IconCalendarShare, IconChevronLeft, IconChevronRight, IconFileTypePdf } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { agendaQuery, certifyIntervention, interventionReportUrl, rotateCalendarFeed } from "../api/agenda-api.ts";
import { PreventivePanel } from "../components/preventive-panel.tsx";

const STATUS_COLORS: Record<string, string> = { planned: "blue", done: "teal", certified: "green", disputed: "orange", cancelled: "gray" };
const DAY_MS = 86_400_000;

/** Monday 00:00 (browser time) of the week `offset` weeks from this one. */
function mondayOf(offset: number): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7) + offset * 7);
  return d;
}

/**
 * The technician's week: visits, remote sessions and preventive visits, day by day, the ICS
 * subscription and the preventive plan. For a school's staff (coordinator, head), the
 * interventions of their school, to certify the service was delivered (DOMAIN §7).
 */
export function AgendaPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const works = hasPermission(me, "ticket.work");
  const [week, setWeek] = useState(0);
  const [scope, setScope] = useState<"mine" | "all">(works ? "mine" : "all");
  const [certifying, setCertifying] = useState<{ intervention: InterventionJson; decision: "certified" | "disputed" } | null>(null);
  const [subscribing, setSubscribing] = useState(false);
  const start = mondayOf(week);
  const end = new Date(start.getTime() + 7 * DAY_MS);
  const agenda = useQuery(agendaQuery({ from: start.toISOString(), to: end.toISOString(), technician: scope === "mine" ? me.id : undefined }));
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Paris" });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" });
  const days = Array.from({ length: 7 }, (_, i) => new Date(start.getTime() + i * DAY_MS + 12 * 3_600_000));
  const byDay = (day: Date) => (agenda.data?.items ?? []).filter((i) => dayFormat.format(new Date(i.startsAt)) === dayFormat.format(day));

  return (
    <>
      <PageHeader
        title={works ? t("agenda.title") : t("agenda.schoolTitle")}
        subtitle={works ? t("agenda.subtitle") : t("agenda.schoolSubtitle")}
        actions={
          works ? (
            <Button leftSection={<IconCalendarShare size={18} aria-hidden />} variant="light" onClick={() => setSubscribing(true)}>
              {t("agenda.subscribe")}
            </Button>
          ) : null
        }
      />
      <Group justify="space-between" mb="md" wrap="wrap">
        <Group gap="xs">
          <Button variant="default" size="sm" leftSection={<IconChevronLeft size={16} aria-hidden />} onClick={() => setWeek(week - 1)}>
            {t("agenda.previousWeek")}
          </Button>
          <Button variant="default" size="sm" onClick={() => setWeek(0)} disabled={week === 0}>
            {t("agenda.thisWeek")}
          </Button>
          <Button variant="default" size="sm" rightSection={<IconChevronRight size={16} aria-hidden />} onClick={() => setWeek(week + 1)}>
            {t("agenda.nextWeek")}
          </Button>
          <Text size="sm" fw={600} aria-live="polite">
            {t("agenda.weekOf", { date: dayFormat.format(days[0] as Date) })}
          </Text>
        </Group>
        {works ? (
          <SegmentedControl
            size="sm"
            value={scope}
            onChange={(v) => setScope(v as "mine" | "all")}
            data={[
              { value: "mine", label: t("agenda.mine") },
              { value: "all", label: t("agenda.all") },
            ]}
            aria-label={t("agenda.scope")}
          />
        ) : null}
      </Group>
      {agenda.isPending ? <LoadingBlock /> : null}
      {agenda.isError ? <ErrorAlert error={agenda.error} onRetry={() => void agenda.refetch()} /> : null}
      {agenda.isSuccess ? (
        <Stack gap="md">
          {days.map((day) => {
            const items = byDay(day);
            const weekend = day.getDay() === 0 || day.getDay() === 6;
            if (weekend && items.length === 0) return null;
            return (
              <Paper key={day.toISOString()} withBorder radius="md" p="md" bg="white" component="section" aria-label={dayFormat.format(day)}>
                <Title order={2} size="h5" mb="xs">
                  {dayHeading(dayFormat.format(day), locale)}
                </Title>
                {items.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("agenda.empty")}
                  </Text>
                ) : (
                  <Table verticalSpacing="xs" highlightOnHover>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t("agenda.time")}</Table.Th>
                        <Table.Th>{t("agenda.what")}</Table.Th>
                        <Table.Th>{t("agenda.school")}</Table.Th>
                        {scope === "all" ? <Table.Th>{t("agenda.technician")}</Table.Th> : null}
                        <Table.Th>{t("agenda.status")}</Table.Th>
                        <Table.Th>
                          <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                        </Table.Th>
                        <Table.Th>
                          <VisuallyHidden>{t("agenda.report")}</VisuallyHidden>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((i) => (
                        <AgendaRow
                          key={i.id}
                          intervention={i}
                          time={`${timeFormat.format(new Date(i.startsAt))}–${timeFormat.format(new Date(i.endsAt))}`}
                          showTechnician={scope === "all"}
                          onCertify={(decision) => setCertifying({ intervention: i, decision })}
                        />
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Paper>
            );
          })}
        </Stack>
      ) : null}
      {works ? <PreventivePanel /> : null}
      <CertifyModal step={certifying} onClose={() => setCertifying(null)} />
      <SubscribeModal opened={subscribing} onClose={() => setSubscribing(false)} />
    </>
  );
}

function AgendaRow({
  intervention: i,
  time,
  showTechnician,
  onCertify,
}: {
  intervention: InterventionJson;
  time: string;
  showTechnician: boolean;
  onCertify: (decision: "certified" | "disputed") => void;
}) {
  const { t, language } = useI18n();
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {time}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{INTERVENTION_KINDS[i.kind][language]}</Text>
        {i.ticketNumber ? (
          <AnchorLink to="/tickets/$number" params={{ number: i.ticketNumber }} size="sm">
            {i.ticketNumber} — {i.ticketTitle}
          </AnchorLink>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{i.schoolName}</Text>
        <Text size="xs" c="dimmed">
          {i.schoolCommune} · {i.schoolUai}
        </Text>
      </Table.Td>
      {showTechnician ? <Table.Td>{i.technicianName}</Table.Td> : null}
      <Table.Td>
        <Badge variant="light" color={STATUS_COLORS[i.status] ?? "gray"}>
          {INTERVENTION_STATUSES[i.status][language]}
        </Badge>
      </Table.Td>
      <Table.Td>
        {i.can.certify ? (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" color="green" onClick={() => onCertify("certified")}>
              {t("interventions.certify")}
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => onCertify("disputed")}>
              {t("interventions.dispute")}
            </Button>
          </Group>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Anchor size="sm" href={interventionReportUrl(i.id)} download aria-label={t("agenda.reportOf", { time })}>
          <IconFileTypePdf size={18} aria-hidden />
        </Anchor>
      </Table.Td>
    </Table.Tr>
  );
}

/** The secret address is shown once; asking again gives a new one and the old stops working. */
function SubscribeModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const rotate = useMutation({ mutationFn: rotateCalendarFeed });
  const close = () => {
    rotate.reset();
    onClose();
  };
  return (
    <AppModal opened={opened} onClose={close} title={t("agenda.subscribeTitle")} size="lg">
      <Stack>
        <Text size="sm">{t("agenda.subscribeIntro")}</Text>
        {rotate.isError ? <FormError message={errorMessage(rotate.error, t)} /> : null}
        {rotate.data ? (
          <>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label={t("agenda.feedUrl")} value={rotate.data.url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={rotate.data.url}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? "teal" : "blue"}>
                    {copied ? t("common.copied") : t("agenda.copy")}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Alert variant="light" color="blue" title={t("agenda.outlookTitle")}>
              <List size="sm" type="ordered">
                <List.Item>{t("agenda.outlookStep1")}</List.Item>
                <List.Item>{t("agenda.outlookStep2")}</List.Item>
                <List.Item>{t("agenda.outlookStep3")}</List.Item>
              </List>
            </Alert>
            <Text size="xs" c="dimmed">
              {t("agenda.secretWarning")}
            </Text>
          </>
        ) : (
          <>
            <Alert variant="light" color="yellow">
              {t("agenda.rotateWarning")}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button onClick={() => rotate.mutate()} loading={rotate.isPending}>
                {t("agenda.createFeed")}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </AppModal>
  );
}

/** DOMAIN §7: the school's coordinator (or head) certifies the service was delivered, or says what is missing. */
function CertifyModal({ step, onClose }: { step: { intervention: InterventionJson; decision: "certified" | "disputed" } | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const certify = useMutation({
    mutationFn: () => {
      if (!step) throw new Error("no intervention");
      const text = comment.trim();
      return certifyIntervention(step.intervention.id, { version: step.intervention.version, decision: step.decision, ...(text ? { comment: text } : {}) });
    },
    onSuccess: async () => {
      notifySuccess(t(step?.decision === "disputed" ? "interventions.stepDone.dispute" : "interventions.stepDone.certify"));
      await queryClient.invalidateQueries({ queryKey: ["interventions"] });
      setComment("");
      onClose();
    },
  });
  const disputing = step?.decision === "disputed";
  return (
    <AppModal opened={step !== null} onClose={onClose} title={t(disputing ? "interventions.step.dispute" : "interventions.step.certify")} size="lg">
      <Stack>
        {certify.isError ? <FormError message={errorMessage(certify.error, t)} /> : null}
        {step ? (
          <Text size="sm">
            {step.intervention.schoolName} — {step.intervention.technicianName}
          </Text>
        ) : null}
        {!disputing ? <Text size="sm">{t("interventions.certifyText")}</Text> : null}
        <Textarea
          label={t("interventions.commentField")}
          required={disputing}
          autosize
          minRows={3}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => certify.mutate()} loading={certify.isPending} disabled={disputing && comment.trim().length < 3}>
            {t(disputing ? "interventions.step.dispute" : "interventions.step.certify")}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

/** "mardi 1 décembre" → "Mardi 1er décembre": only the first letter up, and the French ordinal for the first of the month. */
function dayHeading(formatted: string, locale: string): string {
  const text = locale.startsWith("fr") ? formatted.replace(/ 1 /, " 1er ") : formatted;
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
