import { Button, LoadingOverlay, Paper, Table, Text, TextInput } from "@mantine/core";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons } from "../../../components/export-buttons.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { SortableTh } from "../../../components/sortable-th.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { peopleQuery } from "../api/people-api.ts";
import { PersonFormModal } from "../components/person-form-modal.tsx";
import { PersonStatus } from "../components/person-status.tsx";
import type { PeopleSearch } from "./people.search.ts";

const route = getRouteApi("/app/personnes");

export function PeoplePage() {
  const { t, tn } = useI18n();
  const me = useMe();
  const search = route.useSearch();
  const navigateList = route.useNavigate();
  const navigate = useNavigate();
  const people = useQuery(peopleQuery(search));
  const [q, setQ] = useState(search.q ?? "");
  const [creating, setCreating] = useState(false);
  useEffect(() => setQ(search.q ?? ""), [search.q]);
  const update = (patch: Partial<PeopleSearch>, resetPage = true) =>
    void navigateList({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  useDebouncedEffect(q, 250, (text) => {
    if ((text.trim() || undefined) !== search.q) update({ q: text.trim() || undefined });
  });
  const sort = search.sort ?? "lastName";
  const canCreate = hasPermission(me, "person.write");

  return (
    <>
      <PageHeader
        title={t("people.title")}
        subtitle={t("people.subtitle")}
        actions={
          <>
            <ExportButtons label={t("schools.export")} href={(format) => apiUrl("/people", { q: search.q, sort: search.sort, format })} />
            {canCreate ? (
              <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t("person.createTitle")}
              </Button>
            ) : null}
          </>
        }
      />
      <Paper withBorder p="md" radius="md" bg="white" mb="md" component="form" role="search" onSubmit={(e: React.FormEvent) => e.preventDefault()}>
        <TextInput
          label={t("people.search")}
          placeholder={t("people.searchPlaceholder")}
          leftSection={<IconSearch size={16} aria-hidden />}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maw={480}
        />
      </Paper>
      <Text fw={600} mb="xs" role="status" aria-live="polite" aria-atomic="true">
        {people.data ? tn("people.count", people.data.total) : "\u00a0"}
      </Text>
      {people.isPending ? (
        <LoadingBlock />
      ) : people.isError ? (
        <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <EmptyMessage>{t("people.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay visible={people.isPlaceholderData && people.isFetching} overlayProps={{ backgroundOpacity: 0.4 }} loaderProps={{ size: "sm" }} />
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t("people.title")}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh field="lastName" label={t("person.lastName")} sort={sort} onSort={(s) => update({ sort: s === "lastName" ? undefined : s })} />
                  <SortableTh field="firstName" label={t("person.firstName")} sort={sort} onSort={(s) => update({ sort: s })} />
                  <SortableTh field="email" label={t("person.email")} sort={sort} onSort={(s) => update({ sort: s })} />
                  <Table.Th scope="col">{t("person.organisation")}</Table.Th>
                  <Table.Th scope="col">{t("person.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Th scope="row" fw={400}>
                      <AnchorLink to="/personnes/$personId" params={{ personId: p.id }} fw={600}>
                        {p.lastName}
                      </AnchorLink>
                    </Table.Th>
                    <Table.Td>{p.firstName}</Table.Td>
                    <Table.Td>{p.email}</Table.Td>
                    <Table.Td>{p.organisationName ?? "—"}</Table.Td>
                    <Table.Td>
                      <PersonStatus isActive={p.isActive} hasAccount={p.hasAccount} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {people.data && people.data.total > 0 ? (
        <ListFooter
          page={search.page ?? 1}
          pageSize={search.pageSize ?? 50}
          total={people.data.total}
          onPage={(p) => update({ page: p === 1 ? undefined : p }, false)}
          onPageSize={(size) => update({ pageSize: size === 50 ? undefined : size })}
        />
      ) : null}
      {canCreate ? (
        <PersonFormModal
          opened={creating}
          onClose={() => setCreating(false)}
          onSaved={(p) => void navigate({ to: "/personnes/$personId", params: { personId: p.id } })}
        />
      ) : null}
    </>
  );
}
