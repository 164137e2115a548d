import { Table, type TableProps } from "@mantine/core";
import type { ReactNode } from "react";

/** A column's header; numbers (quantities, amounts) are right-aligned. `null` leaves out a column this reader does not get. */
export type HeadedColumn = { header: string; numeric?: boolean } | null;

/** A table with a header row of column headers (scope="col"); the caller writes the body rows. */
export function HeadedTable({ columns, children, ...props }: TableProps & { columns: HeadedColumn[]; children: ReactNode }) {
  return (
    <Table {...props}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) =>
            column ? (
              <Table.Th key={column.header} scope="col" ta={column.numeric ? "right" : undefined}>
                {column.header}
              </Table.Th>
            ) : null,
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  );
}
