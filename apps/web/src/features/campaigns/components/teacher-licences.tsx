import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import type { OrderSummary } from "../api/campaigns-api.ts";
import { answerTeacherLicenceRequest, requestTeacherLicences, type TeacherLicenceRequest } from "../api/school-campaign-api.ts";

type Bought = { ean: string; title: string; publisher: string; students: number; teachers: number };

/** The licences the school's validated orders bought, by reference (student licences, and the teacher licences that came with them). */
export function licencesBought(orders: OrderSummary[]): Bought[] {
  const byEan = new Map<string, Bought>();
  for (const line of orders.flatMap((o) => o.lines).filter((l) => l.isLicence)) {
    const row = byEan.get(line.reference) ?? { ean: line.reference, title: line.label, publisher: line.supplier, students: 0, teachers: 0 };
    row.students += line.quantity;
    row.teachers += line.teacherLicences;
    byEan.set(line.reference, row);
  }
  return [...byEan.values()].sort((a, b) => a.publisher.localeCompare(b.publisher) || a.title.localeCompare(b.title));
}

/**
 * A school short of teacher licences asks for more (seed 001): one request per publisher, for
 * references it bought as student licences, with the count it needs. Teacher licences are
 * never bought alone.
 */
export function TeacherLicenceRequestForm({ campaignId, schoolId, bought }: { campaignId: string; schoolId: string; bought: Bought[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const publishers = [...new Set(bought.map((b) => b.publisher))];
  const [publisher, setPublisher] = useState<string | null>(publishers[0] ?? null);
  const [counts, setCounts] = useState<Record<string, number | string>>({});
  const references = bought.filter((b) => b.publisher === publisher);
  const lines = references.map((b) => ({ ean: b.ean, teacherLicences: Number(counts[b.ean] ?? 0) })).filter((l) => l.teacherLicences > 0);
  const send = useMutation({
    mutationFn: () => requestTeacherLicences(campaignId, { school: schoolId, publisher: publisher ?? "", lines }),
    onSuccess: () => {
      notifySuccess(t("schoolCampaign.licences.sent"));
      setCounts({});
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId, "teacher-licence-requests"] });
    },
  });
  return (
    <Panel title={t("schoolCampaign.licences.formTitle")} order={3}>
      <Stack gap="sm">
        <Text size="sm">{t("schoolCampaign.licences.rule")}</Text>
        {bought.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("schoolCampaign.licences.nothingBought")}
          </Text>
        ) : (
          <>
            <Select
              label={t("schoolCampaign.licences.publisher")}
              data={publishers}
              value={publisher}
              onChange={(v) => {
                setPublisher(v);
                setCounts({});
              }}
              allowDeselect={false}
              w={320}
            />
            <Table withTableBorder aria-label={t("schoolCampaign.licences.references")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("schoolCampaign.licences.reference")}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("schoolCampaign.licences.students")}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("schoolCampaign.licences.included")}
                  </Table.Th>
                  <Table.Th scope="col">{t("schoolCampaign.licences.needed")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {references.map((b) => (
                  <Table.Tr key={b.ean}>
                    <Table.Td>
                      {b.title}
                      <Text size="xs" c="dimmed">
                        {b.ean}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{b.students}</Table.Td>
                    <Table.Td ta="right">{b.teachers}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t("schoolCampaign.licences.neededFor", { title: b.title })}
                        min={0}
                        max={10_000}
                        allowDecimal={false}
                        value={counts[b.ean] ?? 0}
                        onChange={(v) => setCounts((c) => ({ ...c, [b.ean]: v }))}
                        w={110}
                        size="xs"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Button onClick={() => send.mutate()} loading={send.isPending} disabled={lines.length === 0} w="fit-content">
              {t("schoolCampaign.licences.send")}
            </Button>
          </>
        )}
        {send.isError ? <ErrorAlert error={send.error} /> : null}
      </Stack>
    </Panel>
  );
}

/** The requests filed, with the Region's answer; the Region answers those still pending. */
export function TeacherLicenceRequests({
  requests,
  schoolName,
  answers,
}: {
  requests: TeacherLicenceRequest[];
  schoolName: (id: string) => string;
  answers: boolean;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="sm" component="section" aria-labelledby="licence-requests">
      <Title order={2} size="h4" id="licence-requests">
        {t("schoolCampaign.licences.requests", { count: requests.length })}
      </Title>
      {requests.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("schoolCampaign.licences.noRequest")}
        </Text>
      ) : null}
      {requests.map((r) => (
        <Paper key={r.id} withBorder p="sm" radius="md" component="article" aria-label={t("schoolCampaign.licences.requestOf", { publisher: r.publisher })}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600} size="sm">
                {schoolName(r.schoolId)} — {r.publisher}
              </Text>
              <Badge color={r.status === "answered" ? "green" : "blue"} variant="light">
                {t(r.status === "answered" ? "schoolCampaign.licences.answered" : "schoolCampaign.licences.pending")}
              </Badge>
            </Group>
            <Text size="sm">
              {r.lines
                .map((l) => t("schoolCampaign.licences.line", { title: l.title, teachers: l.teacherLicences, students: l.studentLicencesBought }))
                .join(" ; ")}
            </Text>
            {r.answer ? <Text size="sm">{t("schoolCampaign.licences.answer", { answer: r.answer })}</Text> : null}
            {answers && r.status === "pending" ? <AnswerForm request={r} /> : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function AnswerForm({ request }: { request: TeacherLicenceRequest }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState("");
  const send = useMutation({
    mutationFn: () => answerTeacherLicenceRequest(request.id, answer),
    onSuccess: () => {
      notifySuccess(t("schoolCampaign.licences.answerSent"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", request.campaignId, "teacher-licence-requests"] });
    },
  });
  return (
    <Stack gap="xs">
      <Textarea label={t("schoolCampaign.licences.answerLabel")} value={answer} onChange={(e) => setAnswer(e.currentTarget.value)} autosize minRows={2} />
      <Button size="xs" onClick={() => send.mutate()} loading={send.isPending} disabled={answer.trim().length < 5} w="fit-content">
        {t("schoolCampaign.licences.answerSend")}
      </Button>
      {send.isError ? <ErrorAlert error={send.error} /> : null}
    </Stack>
  );
}
