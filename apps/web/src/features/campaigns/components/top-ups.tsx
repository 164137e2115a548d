import { Button, Group, NumberInput, Select, Stack, Table, Text, Textarea } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { LEVEL_LABELS, TRACK_LABELS } from "@relais/shared/schools";
import { TRACK_LEVELS } from "@relais/shared/textbook-envelope";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";

type TopUp = {
  id: string;
  schoolName: string;
  track: string;
  level: string;
  students: number;
  reason: string;
  amountCents: number;
  consumablesCents: number;
  status: string;
};
const topUpsQuery = (campaignId: string, status?: string) => ({
  queryKey: ["campaigns", campaignId, "top-ups", status ?? "all"],
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<{ items: TopUp[] }>(`/campaigns/${campaignId}/top-ups`, { status }, signal),
});

/** A school that opens a class asks for more (seed 001: track, level, students); the amount follows the campaign's rule. */
export function TopUpForm({ campaignId, schoolId }: { campaignId: string; schoolId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [track, setTrack] = useState<keyof typeof TRACK_LEVELS>("general");
  const [level, setLevel] = useState<string | null>("2de");
  const [students, setStudents] = useState<number | string>(1);
  const [reason, setReason] = useState("");
  const send = useMutation({
    mutationFn: () => api.post<TopUp>(`/campaigns/${campaignId}/top-ups`, { school: schoolId, track, level, students: Number(students), reason }),
    onSuccess: (topUp) => {
      notifySuccess(t("campaigns.topUp.sent", { amount: formatEuros(topUp.amountCents + topUp.consumablesCents) }));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId] });
    },
  });
  return (
    <Panel title={t("campaigns.topUp.title")} order={3} size="h5" gap="xs">
      <Stack gap="xs">
        <Group align="flex-end">
          <Select
            label={t("campaigns.topUp.track")}
            data={Object.keys(TRACK_LEVELS).map((k) => ({ value: k, label: TRACK_LABELS[k as keyof typeof TRACK_LABELS] }))}
            value={track}
            onChange={(v) => {
              setTrack((v ?? "general") as keyof typeof TRACK_LEVELS);
              setLevel(null);
            }}
            allowDeselect={false}
            w={220}
          />
          <Select
            label={t("campaigns.topUp.level")}
            data={TRACK_LEVELS[track].map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
            value={level}
            onChange={setLevel}
            w={200}
          />
          <NumberInput label={t("campaigns.topUp.students")} min={1} allowDecimal={false} value={students} onChange={setStudents} w={120} />
        </Group>
        <Textarea label={t("campaigns.topUp.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        <Group>
          <Button size="xs" onClick={() => send.mutate()} loading={send.isPending} disabled={!level}>
            {t("campaigns.topUp.submit")}
          </Button>
        </Group>
        {send.isError ? <ErrorAlert error={send.error} /> : null}
      </Stack>
    </Panel>
  );
}

/** The Region decides pending top-ups: approve (the envelope grows by the rule's amount) or refuse with a reason. */
export function TopUpQueue({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const pending = useQuery(topUpsQuery(campaignId, "pending"));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: "approve" | "refuse" }) =>
      api.post(`/top-ups/${id}/decision`, { decision, note: notes[id] || undefined }),
    onSuccess: () => {
      notifySuccess(t("campaigns.review.done"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId] });
    },
  });
  if (pending.isPending) return <LoadingBlock />;
  if (pending.isError) return <ErrorAlert error={pending.error} />;
  return (
    <Panel title={t("campaigns.topUp.queue")} order={3} headingId="top-up-queue">
      <Stack gap="sm">
        {pending.data.items.length === 0 ? (
          <EmptyMessage>{t("campaigns.topUp.none")}</EmptyMessage>
        ) : (
          <Table withTableBorder aria-labelledby="top-up-queue">
            <Table.Tbody>
              {pending.data.items.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>
                    <Text size="sm">{x.schoolName}</Text>
                    <Text size="xs" c="dimmed">
                      {TRACK_LABELS[x.track as keyof typeof TRACK_LABELS]}, {LEVEL_LABELS[x.level as keyof typeof LEVEL_LABELS]} — {x.students} — {x.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatEuros(x.amountCents + x.consumablesCents)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Textarea
                        size="xs"
                        aria-label={t("campaigns.review.note")}
                        placeholder={t("campaigns.review.note")}
                        value={notes[x.id] ?? ""}
                        onChange={(e) => setNotes({ ...notes, [x.id]: e.currentTarget.value })}
                      />
                      <Group gap="xs">
                        <Button size="xs" onClick={() => decide.mutate({ id: x.id, decision: "approve" })}>
                          {t("campaigns.review.approve")}
                        </Button>
                        <Button size="xs" color="red" variant="light" onClick={() => decide.mutate({ id: x.id, decision: "refuse" })}>
                          {t("campaigns.review.reject")}
                        </Button>
                      </Group>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {decide.isError ? <ErrorAlert error={decide.error} /> : null}
      </Stack>
    </Panel>
  );
}
