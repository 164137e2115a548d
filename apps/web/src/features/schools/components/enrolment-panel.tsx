import { BarChart } from "@mantine/charts";
import { Table, Text } from "@mantine/core";
import { LEVELS, TRACKS } from "@relais/shared/schools";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { enrolmentQuery } from "../api/schools-api.ts";

const TRACK_COLORS = { general: "blue.7", technological: "teal.7", vocational: "orange.7" } as const;

/** Students by track and level for the current school year: a stacked bar chart and its table. */
export function EnrolmentPanel({ school }: { school: string }) {
  const { t, formatNumber } = useI18n();
  const enrolment = useQuery(enrolmentQuery(school));

  let body: React.ReactNode;
  if (enrolment.isPending) body = <LoadingBlock />;
  else if (enrolment.isError) body = <ErrorAlert error={enrolment.error} onRetry={() => void enrolment.refetch()} />;
  else if (enrolment.data.lines.length === 0) body = <Text c="dimmed">{t("enrolment.empty")}</Text>;
  else {
    const lines = enrolment.data.lines;
    const levels = LEVELS.filter((level) => lines.some((l) => l.level === level));
    const tracks = TRACKS.filter((track) => lines.some((l) => l.track === track));
    const count = (track: string, level: string) => lines.find((l) => l.track === track && l.level === level)?.students ?? 0;
    const data = levels.map((level) => ({ level: t(`level.${level}`), ...Object.fromEntries(tracks.map((track) => [track, count(track, level)])) }));
    const total = lines.reduce((sum, l) => sum + l.students, 0);
    body = (
      <>
        <Text size="sm" c="dimmed" mb="sm">
          {t("enrolment.summary", { year: enrolment.data.schoolYear, total: formatNumber(total) })}
        </Text>
        <div aria-hidden>
          <BarChart
            h={220}
            data={data}
            dataKey="level"
            type="stacked"
            withLegend
            legendProps={{ verticalAlign: "bottom" }}
            series={tracks.map((track) => ({ name: track, label: t(`track.${track}`), color: TRACK_COLORS[track] }))}
          />
        </div>
        <Table.ScrollContainer minWidth={420} mt="md">
          <Table fz="sm" striped withTableBorder>
            <caption style={{ captionSide: "top", textAlign: "left" }}>
              <Text size="xs" c="dimmed" component="span">
                {t("enrolment.caption", { year: enrolment.data.schoolYear })}
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("enrolment.level")}</Table.Th>
                {tracks.map((track) => (
                  <Table.Th scope="col" key={track} ta="right">
                    {t(`track.${track}`)}
                  </Table.Th>
                ))}
                <Table.Th scope="col" ta="right">
                  {t("enrolment.total")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {levels.map((level) => (
                <Table.Tr key={level}>
                  <Table.Th scope="row" fw={500}>
                    {t(`level.${level}`)}
                  </Table.Th>
                  {tracks.map((track) => (
                    <Table.Td key={track} ta="right">
                      {formatNumber(count(track, level))}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={700}>
                    {formatNumber(tracks.reduce((sum, track) => sum + count(track, level), 0))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </>
    );
  }

  return (
    <Panel title={t("enrolment.title")} gap="xs">
      {body}
    </Panel>
  );
}
