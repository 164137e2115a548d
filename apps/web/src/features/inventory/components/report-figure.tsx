import { Box, Group, Paper, Skeleton, Table, Text, Title } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons, type ExportFormat } from "../../../components/export-buttons.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

export type ReportColumn<Row> = { header: string; cell: (row: Row) => ReactNode; numeric?: boolean };

/**
 * One report of the inventory: a chart for those who would rather look, and the same figures in
 * a table for those who read. The chart is hidden from assistive technologies, which read the
 * table (a chart is never the only way to a figure, WCAG 1.1.1).
 */
export function ReportFigure<Row>({
  title,
  description,
  query,
  chart,
  controls,
  rows,
  rowKey,
  columns,
  emptyLabel,
  exportHref,
  footer,
  minWidth = 420,
}: {
  title: string;
  description?: ReactNode;
  query: Pick<UseQueryResult<unknown>, "isPending" | "isError" | "error" | "refetch">;
  chart?: ReactNode;
  controls?: ReactNode;
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: ReportColumn<Row>[];
  emptyLabel: string;
  exportHref?: (format: ExportFormat) => string;
  footer?: ReactNode;
  /** Below this width the table scrolls sideways rather than squeezing its columns. */
  minWidth?: number;
}) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <Paper withBorder p="md" radius="md" bg="white" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm" wrap="wrap">
        <Box>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed" component="div">
              {description}
            </Text>
          ) : null}
        </Box>
        <Group gap="xs">
          {controls}
          {exportHref ? <ExportButtons label={t("inventory.reports.exportOf", { title })} href={exportHref} size="xs" /> : null}
        </Group>
      </Group>
      {query.isPending ? (
        <Skeleton h={160} radius="md" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyMessage>{emptyLabel}</EmptyMessage>
      ) : (
        <>
          {chart ? (
            <Box aria-hidden mb="sm">
              {chart}
            </Box>
          ) : null}
          <Table.ScrollContainer minWidth={minWidth}>
            <Table striped verticalSpacing={4} aria-labelledby={headingId}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.header} scope="col" ta={c.numeric ? "right" : undefined}>
                      {c.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={rowKey(row)}>
                    {columns.map((c) => (
                      <Table.Td
                        key={c.header}
                        ta={c.numeric ? "right" : undefined}
                        style={c.numeric ? { fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" } : undefined}
                      >
                        {c.cell(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {footer}
        </>
      )}
    </Paper>
  );
}

/** Whole euros from cents, in the viewer's language ("1 234 €"). */
export function useEuros() {
  const { locale } = useI18n();
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  return (cents: number) => format.format(Math.round(cents / 100));
}
