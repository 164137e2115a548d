import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { APPLICATION_STATUSES, type ApplicationStatus } from "@relais/shared/inventory";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { type Application, applicationsQuery, decideApplication } from "../api/inventory-api.ts";
import type { ApplicationSearch } from "./inventory.search.ts";

const route = getRouteApi("/app/inventaire/applications");
const COLORS: Record<ApplicationStatus, string> = { to_evaluate: "orange", under_evaluation: "blue", qualified: "green", refused: "red" };

/** The Region's directory of applications: what the technician evaluates and the Region qualifies or refuses, for every school. */
export function ApplicationsPage() {
  const { t, tn, language } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useQuery(applicationsQuery(search));
  const [q, setQ] = useState(search.q ?? "");
  useEffect(() => setQ(search.q ?? ""), [search.q]);
  const update = (patch: Partial<ApplicationSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  useDebouncedEffect(q, 300, (text) => {
    if ((text.trim() || undefined) !== search.q) update({ q: text.trim() || undefined });
  });
  return (
    <>
      <AnchorLink to="/inventaire" size="sm">
        {t("inventory.back")}
      </AnchorLink>
      <PageHeader title={t("inventory.apps.title")} subtitle={t("inventory.apps.subtitle")} />
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
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
          <TextInput label={t("inventory.search")} type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <NativeSelect
            label={t("inventory.status")}
            value={search.status ?? ""}
            onChange={(e) => update({ status: (e.currentTarget.value || undefined) as ApplicationStatus | undefined })}
            data={[{ value: "", label: t("inventory.all") }, ...Object.entries(APPLICATION_STATUSES).map(([value, l]) => ({ value, label: l[language] }))]}
          />
        </SimpleGrid>
      </Paper>
      <Text fw={600} mb="xs" role="status" aria-live="polite">
        {list.data ? tn("inventory.apps.count", list.data.total) : "\u00a0"}
      </Text>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyMessage>{t("inventory.apps.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white">
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" aria-label={t("inventory.apps.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("inventory.softwareName")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.publisher")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.status")}</Table.Th>
                  <Table.Th scope="col">{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <ApplicationRow key={a.softwareId} application={a} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {list.data && list.data.total > 0 ? (
        <ListFooter page={search.page ?? 1} pageSize={50} total={list.data.total} onPage={(p) => update({ page: p === 1 ? undefined : p }, false)} />
      ) : null}
    </>
  );
}

function ApplicationRow({ application }: { application: Application }) {
  const { t, language } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (status: "under_evaluation" | "qualified" | "refused") => decideApplication(application.softwareId, status),
    onSuccess: () => {
      notifySuccess(t("inventory.apps.saved", { name: application.name }));
      void queryClient.invalidateQueries({ queryKey: ["inventory", "applications"] });
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  const status = application.status as ApplicationStatus;
  const canDecide = hasPermission(me, "application.decide");
  const canEvaluate = hasPermission(me, "application.evaluate") || canDecide;
  return (
    <Table.Tr>
      <Table.Td>{application.name}</Table.Td>
      <Table.Td>{application.publisher ?? "—"}</Table.Td>
      <Table.Td>
        <Badge color={COLORS[status] ?? "gray"} variant="light">
          {APPLICATION_STATUSES[status]?.[language] ?? application.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {status === "to_evaluate" && canEvaluate ? (
            <Button size="xs" variant="light" loading={decide.isPending} onClick={() => decide.mutate("under_evaluation")}>
              {t("inventory.apps.evaluate")}
            </Button>
          ) : null}
          {canDecide && status !== "qualified" ? (
            <Button size="xs" variant="light" color="green" loading={decide.isPending} onClick={() => decide.mutate("qualified")}>
              {t("inventory.apps.qualify")}
            </Button>
          ) : null}
          {canDecide && status !== "refused" ? (
            <Button size="xs" variant="light" color="red" loading={decide.isPending} onClick={() => decide.mutate("refused")}>
              {t("inventory.apps.refuse")}
            </Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
