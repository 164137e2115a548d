import { Code, Table, Text } from "@mantine/core";
import { auditFieldLabel } from "@relais/shared/audit-actions";
import { isRole, roleLabel } from "@relais/shared/roles";
import { type Language, useI18n } from "../../../lib/i18n/i18n.tsx";

function show(value: unknown, field: string, language: Language): string {
  if (value === undefined || value === null) return "—";
  if (field === "role" && typeof value === "string" && isRole(value)) return roleLabel(value, language);
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Before / after, field by field; changed fields are marked in words, not only in colour. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t, language } = useI18n();
  const b = asRecord(before);
  const a = asRecord(after);
  if ((before !== null && before !== undefined && !b) || (after !== null && after !== undefined && !a)) {
    return (
      <Code block>
        {t("audit.before")} : {show(before, "", language)}
        {"\n"}
        {t("audit.after")} : {show(after, "", language)}
      </Code>
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  if (keys.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("audit.noDetail")}
      </Text>
    );
  }
  return (
    <Table fz="xs" withTableBorder withColumnBorders layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col" w="22%">
            {t("audit.field")}
          </Table.Th>
          <Table.Th scope="col">{t("audit.before")}</Table.Th>
          <Table.Th scope="col">{t("audit.after")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((key) => {
          const oldValue = b?.[key];
          const newValue = a?.[key];
          const changed = JSON.stringify(oldValue) !== JSON.stringify(newValue);
          return (
            <Table.Tr key={key}>
              <Table.Th scope="row" fw={600}>
                {auditFieldLabel(key, language)}
                {changed && b && a ? <Text span size="xs" c="orange.9" fw={700}>{` (${t("audit.changed")})`}</Text> : null}
              </Table.Th>
              <Table.Td className={changed && oldValue !== undefined ? "diff-removed pre-wrap" : "pre-wrap"} ff="monospace">
                {show(oldValue, key, language)}
              </Table.Td>
              <Table.Td className={changed && newValue !== undefined ? "diff-added pre-wrap" : "pre-wrap"} ff="monospace">
                {show(newValue, key, language)}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
