import { Alert, Badge, Stack, Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { garChecklistQuery } from "../api/campaigns-api.ts";

/** What the school's RESP-AFFECT-GAR must assign again, and when each resource reaches the GAR (seed 001). */
export function GarChecklist({ campaignId, schoolId }: { campaignId: string; schoolId: string }) {
  const { t, formatDateTime } = useI18n();
  const checklist = useQuery(garChecklistQuery(campaignId, schoolId));
  if (checklist.isPending) return <LoadingBlock />;
  if (checklist.isError) return <ErrorAlert error={checklist.error} onRetry={() => checklist.refetch()} />;
  return (
    <Panel title={t("campaigns.gar.title")} order={3} headingId={`gar-${schoolId}`}>
      <Stack gap="sm">
        <Alert color="blue" variant="light">
          {checklist.data.notice}
        </Alert>
        {checklist.data.items.length === 0 ? null : (
          <Table withTableBorder aria-labelledby={`gar-${schoolId}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("campaigns.cart.item")}</Table.Th>
                <Table.Th scope="col">{t("campaigns.gar.licences")}</Table.Th>
                <Table.Th scope="col">{t("campaigns.gar.expected")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {checklist.data.items.map((item) => (
                <Table.Tr key={`${item.orderId}-${item.reference}`}>
                  <Table.Td>
                    {item.label} ({item.reference}) — {item.publisher}
                  </Table.Td>
                  <Table.Td>{t("campaigns.gar.counts", { students: item.studentLicences, teachers: item.teacherLicences })}</Table.Td>
                  <Table.Td>
                    {item.isExpectedInGar ? (
                      <Badge color="green" variant="light">
                        {t("campaigns.gar.available")}
                      </Badge>
                    ) : (
                      t("campaigns.gar.between", { from: formatDateTime(item.expectedFrom), to: formatDateTime(item.expectedBy) })
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Panel>
  );
}
