import { Box, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { type ReactNode, useId, useState } from "react";
import { useI18n } from "../lib/i18n/i18n.tsx";
import { ExportButtons, type ExportFormat } from "./export-buttons.tsx";
import { ErrorAlert } from "./query-state.tsx";

export type FigureColumn<Row> = { header: string; cell: (row: Row) => ReactNode; numeric?: boolean };
/** A series' name and its Mantine colour ("blue.6"). */
export type LegendItem = { label: string; color: string };

/** The chart's legend in HTML, so it wraps on a narrow screen instead of covering the bars. */
function Legend({ items }: { items: LegendItem[] }) {
  return (
    <Group gap="md" justify="flex-end" mb="xs" wrap="wrap">
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <Box w={12} h={12} style={{ borderRadius: 6, flexShrink: 0, background: `var(--mantine-color-${item.color.replace(".", "-")})` }} />
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/**
 * A titled figure: a chart for those who would rather look, and the same numbers in a table
 * just under it for those who read (a chart is never the only way to a figure, WCAG 1.1.1).
 * The chart is hidden from assistive technologies, which get the table instead.
 */
export function FigureSection<Row>({
  title,
  description,
  chart,
  legend,
  rows,
  rowKey,
  columns,
  exportHref,
  note,
  state,
  initialRows = 30,
}: {
  title: string;
  description?: string;
  chart: ReactNode;
  legend?: LegendItem[];
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: FigureColumn<Row>[];
  exportHref?: (format: ExportFormat) => string;
  note?: ReactNode;
  /** A figure drawn from data already loaded (a campaign's summary) has no pending or error state of its own. */
  state: { isPending?: boolean; error?: unknown; onRetry?: () => void; emptyLabel: string };
  /** A long table (every school of a region) shows this many rows until asked for the rest. */
  initialRows?: number;
}) {
  const { t, formatNumber } = useI18n();
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? rows : rows.slice(0, initialRows);
  return (
    <Paper withBorder p="md" radius="md" bg="white" component="section" aria-labelledby={headingId} miw={0}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 16rem" }}>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {exportHref ? <ExportButtons label={t("steering.exportOf", { title })} shortLabel={t("steering.export")} href={exportHref} size="xs" /> : null}
      </Group>
      {state.isPending ? (
        <Skeleton h={220} />
      ) : state.error ? (
        <ErrorAlert error={state.error} onRetry={state.onRetry} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {state.emptyLabel}
        </Text>
      ) : (
        <>
          <div aria-hidden>
            {legend && chart ? <Legend items={legend} /> : null}
            {chart}
          </div>
          {note ? (
            <Text size="xs" c="dimmed" mt={4}>
              {note}
            </Text>
          ) : null}
          {/* Up to four columns fit a half-width card; more scroll sideways on a narrow screen. */}
          <Table.ScrollContainer minWidth={columns.length > 4 ? columns.length * 110 : 0} mt="sm">
            <Table fz="sm" striped>
              <caption style={{ captionSide: "top", textAlign: "left" }}>
                <Text size="xs" c="dimmed" component="span">
                  {t("steering.tableCaption", { title })}
                </Text>
              </caption>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) => (
                    <Table.Th key={column.header} scope="col" ta={column.numeric ? "right" : "left"}>
                      {column.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <Table.Tr key={rowKey(row)}>
                    {columns.map((column, i) =>
                      i === 0 ? (
                        <Table.Th key={column.header} scope="row" fw={500} miw={columns.length > 4 ? 180 : undefined}>
                          {column.cell(row)}
                        </Table.Th>
                      ) : (
                        <Table.Td key={column.header} ta={column.numeric ? "right" : "left"} style={column.numeric ? { whiteSpace: "nowrap" } : undefined}>
                          {column.cell(row)}
                        </Table.Td>
                      ),
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length > shown.length ? (
            <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll(true)}>
              {t("steering.showAllRows", { count: formatNumber(rows.length) })}
            </Button>
          ) : null}
        </>
      )}
    </Paper>
  );
}
