import { Badge, Group, LoadingOverlay, Paper, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons, type ExportFormat } from "../../../components/export-buttons.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { SortableTh } from "../../../components/sortable-th.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { schoolListQuery, schoolsQuery } from "../api/schools-api.ts";
import { SchoolFilters } from "../components/school-filters.tsx";
import type { SchoolDirectorySearch } from "./school-directory.search.ts";

const route = getRouteApi("/app/etablissements");

/** The school directory: search, filters, sortable columns, pages, CSV export of the same query. */
export function SchoolDirectoryPage() {
  const { t, tn, formatNumber } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const schools = useQuery(schoolsQuery(search));
  const sort = search.sort ?? "name";
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 50;

  const update = (patch: Partial<SchoolDirectorySearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  const { page: _page, pageSize: _size, ...exportSearch } = search;
  const exportHref = (format: ExportFormat) => apiUrl("/schools", { ...schoolListQuery(exportSearch), format });

  return (
    <>
      <PageHeader title={t("schools.title")} subtitle={t("schools.subtitle")} actions={<ExportButtons label={t("schools.export")} href={exportHref} />} />
      <SchoolFilters
        value={{ q: search.q, academie: search.academie, type: search.type, digitalMode: search.digitalMode, place: search.place }}
        onChange={(filters) => update({ q: undefined, academie: undefined, type: undefined, digitalMode: undefined, place: undefined, ...filters })}
      />
      <Group justify="space-between" mb="xs">
        <Text fw={600} role="status" aria-live="polite" aria-atomic="true">
          {schools.data ? tn("schools.count", schools.data.total) : "\u00a0"}
        </Text>
      </Group>
      {schools.isPending ? (
        <LoadingBlock />
      ) : schools.isError ? (
        <ErrorAlert error={schools.error} onRetry={() => void schools.refetch()} />
      ) : schools.data.items.length === 0 ? (
        <EmptyMessage>{t("schools.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay
            visible={schools.isPlaceholderData && schools.isFetching}
            overlayProps={{ blur: 0, backgroundOpacity: 0.4 }}
            loaderProps={{ size: "sm" }}
          />
          <Table.ScrollContainer minWidth={960}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t("schools.tableLabel")}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh field="uai" label={t("school.uai")} sort={sort} onSort={(s) => update({ sort: s === "name" ? undefined : s })} />
                  <SortableTh field="name" label={t("school.name")} sort={sort} onSort={(s) => update({ sort: s === "name" ? undefined : s })} />
                  <SortableTh field="type" label={t("school.type")} sort={sort} onSort={(s) => update({ sort: s })} />
                  <SortableTh field="commune" label={t("school.commune")} sort={sort} onSort={(s) => update({ sort: s })} />
                  <SortableTh field="academie" label={t("school.academie")} sort={sort} onSort={(s) => update({ sort: s })} />
                  <Table.Th scope="col">{t("school.sectorZone")}</Table.Th>
                  <Table.Th scope="col">{t("school.digitalMode")}</Table.Th>
                  <SortableTh field="studentCount" label={t("school.students")} sort={sort} onSort={(s) => update({ sort: s })} align="right" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schools.data.items.map((school) => (
                  <Table.Tr key={school.id}>
                    <Table.Td ff="monospace">{school.uai}</Table.Td>
                    <Table.Th scope="row" fw={400}>
                      <AnchorLink to="/etablissements/$uai" params={{ uai: school.uai }} fw={600}>
                        {school.name}
                      </AnchorLink>
                    </Table.Th>
                    <Table.Td>
                      <abbr title={t(`schoolType.${school.type}`)} style={{ textDecoration: "none" }}>
                        {t(`schoolTypeShort.${school.type}`)}
                      </abbr>
                    </Table.Td>
                    <Table.Td>{school.commune}</Table.Td>
                    <Table.Td>{school.academie}</Table.Td>
                    <Table.Td>
                      {school.zoneName ?? school.sectorName ?? "—"}
                      {school.zoneName && school.sectorName ? (
                        <Text size="xs" c="dimmed">
                          {school.sectorName}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={school.digitalMode === "digital" ? "teal" : "gray"}>{t(`digitalModeShort.${school.digitalMode}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(school.studentCount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {schools.data && schools.data.total > 0 ? (
        <ListFooter
          page={page}
          pageSize={pageSize}
          total={schools.data.total}
          onPage={(p) => update({ page: p === 1 ? undefined : p }, false)}
          onPageSize={(size) => update({ pageSize: size === 50 ? undefined : size })}
        />
      ) : null}
    </>
  );
}
