import { Button, Group, Paper, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { attachPendingReport, type PendingReport, pendingReportsQuery } from "../api/inventory-api.ts";

const route = getRouteApi("/app/inventaire/rapports-en-attente");

/** Agent reports whose tag names no school of the region: the administrator attaches each to its school by UAI. */
export function PendingReportsPage() {
  const { t, tn } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const reports = useQuery(pendingReportsQuery(search));
  return (
    <>
      <AnchorLink to="/inventaire" size="sm">
        {t("inventory.back")}
      </AnchorLink>
      <PageHeader title={t("inventory.pending.title")} subtitle={t("inventory.pending.subtitle")} />
      <Text fw={600} mb="xs" role="status" aria-live="polite">
        {reports.data ? tn("inventory.pending.count", reports.data.total) : "\u00a0"}
      </Text>
      {reports.isPending ? (
        <LoadingBlock />
      ) : reports.isError ? (
        <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.items.length === 0 ? (
        <EmptyMessage>{t("inventory.pending.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white">
          <Table.ScrollContainer minWidth={800}>
            <Table striped verticalSpacing="xs" aria-label={t("inventory.pending.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("inventory.pending.receivedAt")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.name")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.serial")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.pending.tag")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.pending.attach")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reports.data.items.map((r) => (
                  <PendingRow key={r.id} report={r} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {reports.data && reports.data.total > 0 ? (
        <ListFooter
          page={search.page ?? 1}
          pageSize={50}
          total={reports.data.total}
          onPage={(p) => void navigate({ search: { page: p === 1 ? undefined : p }, replace: true })}
        />
      ) : null}
    </>
  );
}

function PendingRow({ report }: { report: PendingReport }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [uai, setUai] = useState("");
  const attach = useMutation({
    mutationFn: () => attachPendingReport(report.id, uai.trim().toUpperCase()),
    onSuccess: () => {
      notifySuccess(t("inventory.pending.attached", { name: report.name ?? "?" }));
      void queryClient.invalidateQueries({ queryKey: ["inventory"] });
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(report.receivedAt)}</Table.Td>
      <Table.Td>{report.name ?? "—"}</Table.Td>
      <Table.Td ff="monospace">{report.serial ?? "—"}</Table.Td>
      <Table.Td ff="monospace">{report.tag ?? t("inventory.pending.noTag")}</Table.Td>
      <Table.Td>
        <Group
          gap="xs"
          component="form"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            attach.mutate();
          }}
          wrap="nowrap"
        >
          <TextInput
            size="xs"
            aria-label={t("inventory.pending.uaiLabel", { name: report.name ?? "?" })}
            placeholder="0750654D"
            value={uai}
            onChange={(e) => setUai(e.currentTarget.value)}
            maxLength={8}
          />
          <Button size="xs" type="submit" loading={attach.isPending} disabled={!/^\d{7}[A-Za-z]$/.test(uai.trim())}>
            {t("inventory.pending.attachButton")}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
