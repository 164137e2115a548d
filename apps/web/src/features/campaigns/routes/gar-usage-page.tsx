import { BarChart } from "@mantine/charts";
import { Alert, Button, FileInput, Group, List, Progress, Select, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { canAt, useMe } from "../../../lib/session.ts";
import { type Campaign, envelopesQuery } from "../api/campaigns-api.ts";
import { type GarUsageReport, garUsageQuery, importGarUsage } from "../api/school-campaign-api.ts";
import { ProgrammeCampaignPage } from "../components/programme-campaign-page.tsx";

const SERIES = (t: ReturnType<typeof useI18n>["t"]) => [
  { name: "bought", label: t("schoolCampaign.usage.bought"), color: "blue.3" },
  { name: "assigned", label: t("schoolCampaign.usage.assigned"), color: "teal.7" },
];
const shorten = (s: string, n = 34) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const rate = (assigned: number, bought: number) => (bought === 0 ? 0 : Math.round((100 * Math.min(assigned, bought)) / bought));

/**
 * Purchase against use (seed 001, issue 5): the Region imports the GAR allocations export;
 * for each school, the student licences bought against the students the GAR shows them
 * assigned to, to guide next year's choices. A school sees its own; the Region sees them all.
 */
export function GarUsagePage() {
  const { t } = useI18n();
  return (
    <ProgrammeCampaignPage programme="textbooks" title={t("schoolCampaign.usage.title")} subtitle={t("schoolCampaign.usage.subtitle")}>
      {(campaign) => <Usage campaign={campaign} />}
    </ProgrammeCampaignPage>
  );
}

function Usage({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const me = useMe();
  const report = useQuery(garUsageQuery(campaign.id));
  const envelopes = useQuery(envelopesQuery(campaign.id));
  const [school, setSchool] = useState<string | null>(null);
  const isRegion = canAt(me, "campaign.manage", { regionId: campaign.regionId });
  if (report.isPending || envelopes.isPending) return <LoadingBlock />;
  if (report.isError) return <ErrorAlert error={report.error} onRetry={() => report.refetch()} />;
  if (envelopes.isError) return <ErrorAlert error={envelopes.error} />;
  const names = new Map(envelopes.data.items.map((e) => [e.schoolId, e.schoolName]));
  const schools = [...new Set(report.data.items.map((i) => i.schoolId))].sort((a, b) => (names.get(a) ?? "").localeCompare(names.get(b) ?? ""));
  const shown = school && schools.includes(school) ? school : schools.length === 1 ? schools[0]! : null;
  return (
    <Stack gap="lg">
      {isRegion ? <GarImportForm campaignId={campaign.id} /> : null}
      <Alert color="blue" variant="light">
        {report.data.notice}
      </Alert>
      {report.data.items.length === 0 ? <EmptyMessage>{t("schoolCampaign.usage.none")}</EmptyMessage> : null}
      {schools.length > 1 ? <BySchool report={report.data} names={names} /> : null}
      {schools.length > 1 ? (
        <Select
          label={t("schoolCampaign.usage.pickSchool")}
          data={schools.map((id) => ({ value: id, label: names.get(id) ?? id }))}
          value={shown}
          onChange={setSchool}
          searchable
          clearable
          w={420}
          maw="100%"
        />
      ) : null}
      {shown ? <ByResource report={report.data} schoolId={shown} schoolName={names.get(shown) ?? ""} /> : null}
    </Stack>
  );
}

/** Each school's licences bought against students assigned, all resources together: where licences lie unused. */
function BySchool({ report, names }: { report: GarUsageReport; names: Map<string, string> }) {
  const { t } = useI18n();
  const totals = new Map<string, { bought: number; assigned: number }>();
  for (const item of report.items) {
    const row = totals.get(item.schoolId) ?? { bought: 0, assigned: 0 };
    row.bought += item.studentLicencesBought;
    row.assigned += Math.min(item.studentAssignments, item.studentLicencesBought);
    totals.set(item.schoolId, row);
  }
  const rows = [...totals.entries()]
    .map(([id, v]) => ({ id, name: names.get(id) ?? id, ...v, rate: rate(v.assigned, v.bought) }))
    .sort((a, b) => a.rate - b.rate);
  return (
    <Panel title={t("schoolCampaign.usage.bySchool")} gap={0}>
      <Text size="sm" c="dimmed" mb="sm">
        {t("schoolCampaign.usage.bySchoolHint")}
      </Text>
      <div aria-hidden>
        <BarChart
          h={Math.max(160, rows.length * 44 + 60)}
          data={rows.slice(0, 25).map((r) => ({ name: shorten(r.name), bought: r.bought, assigned: r.assigned }))}
          dataKey="name"
          orientation="vertical"
          yAxisProps={{ width: 220 }}
          xAxisProps={{ allowDecimals: false }}
          series={SERIES(t)}
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          gridAxis="x"
        />
      </div>
      <UsageTable
        rows={rows.map((r) => ({ key: r.id, label: r.name, bought: r.bought, assigned: r.assigned }))}
        caption={t("schoolCampaign.usage.bySchool")}
        first={t("campaigns.review.school")}
      />
    </Panel>
  );
}

/** One school, resource by resource, with what the GAR shows that matched no purchase (free or region-wide resources). */
function ByResource({ report, schoolId, schoolName }: { report: GarUsageReport; schoolId: string; schoolName: string }) {
  const { t } = useI18n();
  const items = report.items.filter((i) => i.schoolId === schoolId);
  const unmatched = report.unmatched.filter((u) => u.schoolId === schoolId);
  const rows = items.map((i) => ({
    key: i.reference,
    label: i.label,
    bought: i.studentLicencesBought,
    assigned: Math.min(i.studentAssignments, i.studentLicencesBought),
  }));
  return (
    <Panel title={t("schoolCampaign.usage.byResource", { school: schoolName })} gap={0}>
      <Text size="sm" c="dimmed" mb="sm">
        {t("schoolCampaign.usage.byResourceHint")}
      </Text>
      <div aria-hidden>
        <BarChart
          h={Math.max(160, rows.length * 44 + 60)}
          data={rows.map((r) => ({ name: shorten(r.label), bought: r.bought, assigned: r.assigned }))}
          dataKey="name"
          orientation="vertical"
          yAxisProps={{ width: 220 }}
          xAxisProps={{ allowDecimals: false }}
          series={SERIES(t)}
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          gridAxis="x"
        />
      </div>
      <UsageTable rows={rows} caption={t("schoolCampaign.usage.byResource", { school: schoolName })} first={t("schoolCampaign.usage.label")} />
      {unmatched.length > 0 ? (
        <Stack gap={4} mt="md">
          <Text size="sm" fw={600}>
            {t("schoolCampaign.usage.unmatched")}
          </Text>
          <List size="sm">
            {unmatched.map((u) => (
              <List.Item key={u.resourceId}>
                {t("schoolCampaign.usage.unmatchedLine", { resource: u.resourceId, students: u.studentAssignments, teachers: u.teacherAssignments })}
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Panel>
  );
}

function UsageTable({ rows, caption, first }: { rows: { key: string; label: string; bought: number; assigned: number }[]; caption: string; first: string }) {
  const { t, formatNumber } = useI18n();
  return (
    <Table.ScrollContainer minWidth={520} mt="md">
      <Table striped withTableBorder fz="sm">
        <caption style={{ captionSide: "top", textAlign: "left" }}>
          <Text size="xs" c="dimmed" component="span">
            {caption}
          </Text>
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{first}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("schoolCampaign.usage.bought")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("schoolCampaign.usage.assigned")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("schoolCampaign.usage.unused")}
            </Table.Th>
            <Table.Th scope="col">{t("schoolCampaign.usage.rate")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const pct = rate(r.assigned, r.bought);
            return (
              <Table.Tr key={r.key}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.bought)}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.assigned)}</Table.Td>
                <Table.Td ta="right">{formatNumber(Math.max(0, r.bought - r.assigned))}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress value={pct} color={pct < 50 ? "red.7" : pct < 80 ? "orange.6" : "teal.7"} w={70} aria-hidden />
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {pct} %
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The Region imports the GAR allocations export (CSV or XLSX): all lines or none, each wrong cell named. */
function GarImportForm({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: () => importGarUsage(campaignId, file!),
    onSuccess: (result) => {
      notifySuccess(t("schoolCampaign.usage.imported", { lines: result.lines, schools: result.schools }));
      setFile(null);
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId, "gar-usage"] });
    },
  });
  const issues = send.error instanceof ApiError ? send.error.fieldErrors : [];
  return (
    <Panel title={t("schoolCampaign.usage.importTitle")}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("schoolCampaign.usage.importHint")}
        </Text>
        <Group align="flex-end">
          <FileInput label={t("schoolCampaign.usage.file")} accept=".csv,.xlsx,text/csv" value={file} onChange={setFile} clearable w={360} maw="100%" />
          <Button onClick={() => send.mutate()} disabled={!file} loading={send.isPending}>
            {t("schoolCampaign.usage.import")}
          </Button>
        </Group>
        {send.isError ? <ErrorAlert error={send.error} /> : null}
        {issues.length > 0 ? (
          <List size="sm" aria-label={t("schoolCampaign.usage.issues")}>
            {issues.slice(0, 50).map((issue) => (
              <List.Item key={`${issue.field}-${issue.message}`}>
                {issue.field} : {issue.message}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Panel>
  );
}
