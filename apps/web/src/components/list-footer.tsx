import { Group, NativeSelect, Pagination, Text } from "@mantine/core";
import { PAGE_SIZES } from "@relais/shared/lists";
import { useI18n } from "../lib/i18n/i18n.tsx";

export { PAGE_SIZES };

/** Page navigation and page size under a list, with labelled controls. */
export function ListFooter({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize?: (size: number) => void;
}) {
  const { t, formatNumber } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="md" wrap="wrap">
      <Text size="sm" c="dimmed">
        {t("list.range", { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </Text>
      <Group gap="md" wrap="wrap">
        {onPageSize ? (
          <NativeSelect
            size="xs"
            label={t("list.pageSize")}
            value={String(pageSize)}
            onChange={(e) => onPageSize(Number(e.currentTarget.value))}
            data={PAGE_SIZES.map((n) => String(n))}
            styles={{ root: { display: "flex", alignItems: "center", gap: 8 }, label: { whiteSpace: "nowrap" } }}
          />
        ) : null}
        {pages > 1 ? (
          <nav aria-label={t("list.pagination")}>
            <Pagination
              size="sm"
              total={pages}
              value={Math.min(page, pages)}
              onChange={onPage}
              withEdges
              getItemProps={(p) => ({ "aria-label": t("list.goToPage", { page: p }), "aria-current": p === page ? "page" : undefined })}
              getControlProps={(control) => ({ "aria-label": t(`list.${control}`) })}
            />
          </nav>
        ) : null}
      </Group>
    </Group>
  );
}
