import { Badge, Button, Group, LoadingOverlay, NativeSelect, Paper, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { ASSET_STATUSES, ASSET_TYPES, type AssetStatus, type AssetType } from "@relais/shared/inventory";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons } from "../../../components/export-buttons.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { assetListQuery } from "../api/inventory-api.ts";
import type { AssetListSearch } from "./inventory.search.ts";

const route = getRouteApi("/app/inventaire");
const PAGE_SIZE = 50;

/** Every item the viewer may see, across a whole region: filters, search on name, serial and inventory number, CSV export. */
export function AssetListPage() {
  const { t, tn, language, formatDateTime } = useI18n();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const assets = useQuery(assetListQuery({ ...search, pageSize: PAGE_SIZE }));
  const [q, setQ] = useState(search.q ?? "");
  useEffect(() => setQ(search.q ?? ""), [search.q]);
  const update = (patch: Partial<AssetListSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  useDebouncedEffect(q, 300, (text) => {
    if ((text.trim() || undefined) !== search.q) update({ q: text.trim() || undefined });
  });

  return (
    <>
      <PageHeader
        title={t("inventory.title")}
        subtitle={t("inventory.subtitle")}
        actions={
          <>
            {hasPermission(me, "asset.write") ? (
              <>
                <ButtonLink to="/inventaire/nouveau" search={search.school ? { school: search.school } : {}} variant="filled">
                  {t("inventory.form.newLink")}
                </ButtonLink>
                <ButtonLink to="/inventaire/import" variant="light">
                  {t("inventory.import.link")}
                </ButtonLink>
              </>
            ) : null}
            <ButtonLink to="/inventaire/rapports" variant="filled">
              {t("inventory.reports.link")}
            </ButtonLink>
            <ButtonLink to="/inventaire/applications" variant="light">
              {t("inventory.apps.link")}
            </ButtonLink>
            {hasPermission(me, "region.write") ? (
              <>
                <ButtonLink to="/inventaire/rapports-en-attente" variant="light">
                  {t("inventory.pending.title")}
                </ButtonLink>
                <ButtonLink to="/inventaire/agents" variant="light">
                  {t("inventory.agents.title")}
                </ButtonLink>
              </>
            ) : null}
          </>
        }
      />
      <Paper
        withBorder
        p="md"
        radius="md"
        bg="white"
        mb="md"
        component="form"
        role="search"
        aria-label={t("inventory.filters")}
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t("inventory.search")}
            description={t("inventory.searchHint")}
            type="search"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
          <NativeSelect
            label={t("inventory.type")}
            value={search.type ?? ""}
            onChange={(e) => update({ type: (e.currentTarget.value || undefined) as AssetType | undefined })}
            data={[{ value: "", label: t("inventory.all") }, ...Object.entries(ASSET_TYPES).map(([value, l]) => ({ value, label: l[language] }))]}
          />
          <NativeSelect
            label={t("inventory.status")}
            value={search.status ?? ""}
            onChange={(e) => update({ status: (e.currentTarget.value || undefined) as AssetStatus | undefined })}
            data={[{ value: "", label: t("inventory.all") }, ...Object.entries(ASSET_STATUSES).map(([value, l]) => ({ value, label: l[language] }))]}
          />
        </SimpleGrid>
      </Paper>
      {search.school ? (
        <Group gap="xs" mb="xs">
          <Badge variant="light">{t("inventory.oneSchool")}</Badge>
          <Button size="compact-sm" variant="subtle" onClick={() => update({ school: undefined })}>
            {t("inventory.allSchools")}
          </Button>
        </Group>
      ) : null}
      <Text fw={600} mb="xs" role="status" aria-live="polite" aria-atomic="true">
        {assets.data ? (assets.data.totalExact ? tn("inventory.count", assets.data.total) : t("inventory.countMore", { count: assets.data.total })) : "\u00a0"}
      </Text>
      {assets.isPending ? (
        <LoadingBlock />
      ) : assets.isError ? (
        <ErrorAlert error={assets.error} onRetry={() => void assets.refetch()} />
      ) : assets.data.items.length === 0 ? (
        <EmptyMessage>{t("inventory.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay visible={assets.isPlaceholderData && assets.isFetching} overlayProps={{ backgroundOpacity: 0.4 }} loaderProps={{ size: "sm" }} />
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t("inventory.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("inventory.name")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.type")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.school")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.model")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.serial")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.status")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.lastInventory")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {assets.data.items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <AnchorLink to="/inventaire/$id" params={{ id: a.id }} fw={600}>
                        {a.name ?? a.inventoryNumber ?? t("inventory.unnamed")}
                      </AnchorLink>
                      {a.isSupported ? null : (
                        <Badge ml="xs" color="orange" variant="light" size="sm">
                          {t("inventory.notSupported")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{ASSET_TYPES[a.type as AssetType]?.[language] ?? a.type}</Table.Td>
                    <Table.Td>
                      <AnchorLink to="/inventaire/etablissements/$school" params={{ school: a.schoolUai }}>
                        {a.schoolName}
                      </AnchorLink>{" "}
                      <Text span c="dimmed" size="sm">
                        ({a.schoolUai})
                      </Text>
                    </Table.Td>
                    <Table.Td>{[a.manufacturer, a.model].filter(Boolean).join(" ") || "—"}</Table.Td>
                    <Table.Td ff="monospace">{a.serial ?? "—"}</Table.Td>
                    <Table.Td>{ASSET_STATUSES[a.status as AssetStatus]?.[language] ?? a.status}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{a.lastInventoryAt ? formatDateTime(a.lastInventoryAt) : t("inventory.manual")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {assets.data && assets.data.total > 0 ? (
        <>
          <ListFooter page={search.page ?? 1} pageSize={PAGE_SIZE} total={assets.data.total} onPage={(p) => update({ page: p === 1 ? undefined : p }, false)} />
          <Group mt="sm">
            <ExportButtons
              label={t("inventory.export")}
              href={(format) => apiUrl("/inventory/assets", { ...search, page: undefined, format })}
              variant="subtle"
            />
          </Group>
        </>
      ) : null}
    </>
  );
}
