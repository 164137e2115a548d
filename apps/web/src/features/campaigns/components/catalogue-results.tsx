import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * A catalogue's filtered items (resources or equipment): loading, error and "nothing found"
 * states, then a table whose last column, the price, is right-aligned. The page writes the rows.
 */
export function CatalogueResults<Item>({
  items,
  label,
  headers,
  children,
}: {
  items: UseQueryResult<{ items: Item[] }>;
  label: string;
  headers: string[];
  children: (items: Item[]) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {items.isPending ? <LoadingBlock /> : null}
      {items.isError ? <ErrorAlert error={items.error} onRetry={() => items.refetch()} /> : null}
      {items.data && items.data.items.length === 0 ? <EmptyMessage>{t("catalogue.none")}</EmptyMessage> : null}
      {items.data && items.data.items.length > 0 ? (
        <HeadedTable striped withTableBorder aria-label={label} columns={headers.map((header, i) => ({ header, numeric: i === headers.length - 1 }))}>
          {children(items.data.items)}
        </HeadedTable>
      ) : null}
    </>
  );
}
