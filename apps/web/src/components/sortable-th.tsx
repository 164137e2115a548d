import { Table } from "@mantine/core";
import { IconArrowDown, IconArrowsSort, IconArrowUp } from "@tabler/icons-react";
import { useI18n } from "../lib/i18n/i18n.tsx";

/**
 * A column header that sorts: a real button inside the <th>, aria-sort on the header, and the
 * `sort` convention of the API (`field` ascending, `-field` descending).
 */
export function SortableTh({
  field,
  label,
  sort,
  onSort,
  align,
}: {
  field: string;
  label: string;
  sort: string;
  onSort: (sort: string) => void;
  align?: "left" | "right";
}) {
  const { t } = useI18n();
  const isActive = sort === field || sort === `-${field}`;
  const isDescending = sort === `-${field}`;
  const ariaSort = isActive ? (isDescending ? "descending" : "ascending") : "none";
  const next = isActive && !isDescending ? `-${field}` : field;
  const Icon = !isActive ? IconArrowsSort : isDescending ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th aria-sort={ariaSort} style={{ textAlign: align ?? "left", whiteSpace: "nowrap" }}>
      <button
        type="button"
        className="table-sort-button"
        onClick={() => onSort(next)}
        title={t(isActive && !isDescending ? "table.sortDescending" : "table.sortAscending", { column: label })}
      >
        {label}
        <Icon size={14} aria-hidden stroke={isActive ? 2.4 : 1.5} />
      </button>
    </Table.Th>
  );
}
