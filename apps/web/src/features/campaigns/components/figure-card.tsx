import { Box, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { type ReactNode, useId, useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode; numeric?: boolean };
export type Download = { label: string; href: string };

/**
 * A campaign figure: a chart for those who would rather look, the same numbers in a table
 * under it for those who read (the chart is hidden from assistive technologies, which get the
 * table: a chart is never the only way to a figure), and its exports.
 */
export function FigureCard<Row>({
  title,
  description,
  chart,
  legend,
  rows,
  rowKey,
  columns,
  downloads = [],
  emptyLabel,
  initialRows = 15,
}: {
  title: string;
  description?: string;
  chart: ReactNode;
  legend?: { label: string; color: string }[];
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: Column<Row>[];
  downloads?: Download[];
  emptyLabel: string;
  initialRows?: number;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? rows : rows.slice(0, initialRows);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId} miw={0}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
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
        <Group gap="xs">
          {downloads.map((d) => (
            <Button
              key={d.href}
              component="a"
              href={d.href}
              download
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} aria-hidden />}
              aria-label={`${d.label} — ${title}`}
            >
              {d.label}
            </Button>
          ))}
        </Group>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {emptyLabel}
        </Text>
      ) : (
        <>
          <div aria-hidden>
            {legend ? (
              <Group gap="md" justify="flex-end" mb="xs">
                {legend.map((item) => (
                  <Group key={item.label} gap={6} wrap="nowrap">
                    <Box w={12} h={12} style={{ borderRadius: 6, background: `var(--mantine-color-${item.color.replace(".", "-")})` }} />
                    <Text size="sm">{item.label}</Text>
                  </Group>
                ))}
              </Group>
            ) : null}
            {chart}
          </div>
          <Table.ScrollContainer minWidth={columns.length > 4 ? columns.length * 120 : 0} mt="sm">
            <Table fz="sm" striped>
              <caption style={{ captionSide: "top", textAlign: "left" }}>
                <Text size="xs" c="dimmed" component="span">
                  {t("campaignRegion.steering.tableOf", { title })}
                </Text>
              </caption>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.header} scope="col" ta={c.numeric ? "right" : "left"}>
                      {c.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <Table.Tr key={rowKey(row)}>
                    {columns.map((c, i) =>
                      i === 0 ? (
                        <Table.Th key={c.header} scope="row" fw={500}>
                          {c.cell(row)}
                        </Table.Th>
                      ) : (
                        <Table.Td key={c.header} ta={c.numeric ? "right" : "left"} style={c.numeric ? { whiteSpace: "nowrap" } : undefined}>
                          {c.cell(row)}
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
              {t("campaignRegion.steering.showAll", { count: rows.length })}
            </Button>
          ) : null}
        </>
      )}
    </Paper>
  );
}
