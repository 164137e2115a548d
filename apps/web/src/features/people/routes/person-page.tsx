import { Badge, Breadcrumbs, Button, Grid, SimpleGrid, Table, Text } from "@mantine/core";
import { roleLabel } from "@relais/shared/roles";
import { IconPencil } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { personAssignmentsQuery, personQuery } from "../api/people-api.ts";
import { PersonFormModal } from "../components/person-form-modal.tsx";
import { PersonStatus } from "../components/person-status.tsx";

const route = getRouteApi("/app/personnes/$personId");

export function PersonPage() {
  const { t, language, formatDate } = useI18n();
  const me = useMe();
  const { personId } = route.useParams();
  const person = useQuery(personQuery(personId));
  const assignments = useQuery(personAssignmentsQuery(personId));
  const [editing, setEditing] = useState(false);

  const crumbs = (
    <Breadcrumbs mb="xs" aria-label={t("layout.breadcrumb")} separator="›">
      <AnchorLink to="/personnes" size="sm">
        {t("people.title")}
      </AnchorLink>
      <Text size="sm" aria-current="page">
        {person.data ? `${person.data.firstName} ${person.data.lastName}` : "…"}
      </Text>
    </Breadcrumbs>
  );
  if (person.isPending)
    return (
      <>
        <PageHeader title={t("common.loading")} before={crumbs} />
        <LoadingBlock />
      </>
    );
  if (person.isError) {
    const notFound = person.error instanceof ApiError && person.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? t("person.notFound") : t("error.title")} before={crumbs} />
        <ErrorAlert error={person.error} />
      </>
    );
  }
  const p = person.data;
  const items = assignments.data?.items ?? [];

  return (
    <>
      <PageHeader
        before={crumbs}
        title={`${p.firstName} ${p.lastName}`}
        subtitle={p.email}
        actions={
          hasPermission(me, "person.write") ? (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
              {t("person.edit")}
            </Button>
          ) : null
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Panel title={t("person.identity")} gap="md">
            <SimpleGrid component="dl" cols={1} spacing="sm" m={0}>
              {(
                [
                  [t("person.email"), p.email],
                  [t("person.phone"), p.phone ?? "—"],
                  [t("person.organisation"), p.organisationName ?? "—"],
                ] as const
              ).map(([label, value]) => (
                <div key={label}>
                  <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
                    {label}
                  </Text>
                  <Text component="dd" m={0}>
                    {value}
                  </Text>
                </div>
              ))}
              <div>
                <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
                  {t("person.status")}
                </Text>
                <Text component="dd" m={0}>
                  <PersonStatus isActive={p.isActive} hasAccount={p.hasAccount} />
                </Text>
              </div>
            </SimpleGrid>
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Panel title={t("person.roles")} gap="md">
            {assignments.isPending ? (
              <LoadingBlock />
            ) : assignments.isError ? (
              <ErrorAlert error={assignments.error} />
            ) : items.length === 0 ? (
              <EmptyMessage>{t("person.noRoles")}</EmptyMessage>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t("holders.role")}</Table.Th>
                      <Table.Th scope="col">{t("person.scope")}</Table.Th>
                      <Table.Th scope="col">{t("holders.period")}</Table.Th>
                      <Table.Th scope="col">{t("person.status")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td fw={600}>{roleLabel(a.role, language)}</Table.Td>
                        <Table.Td>
                          {a.scopeKind === "school" && a.schoolId ? (
                            <AnchorLink to="/etablissements/$uai" params={{ uai: a.schoolId }}>
                              {a.scopeName}
                            </AnchorLink>
                          ) : (
                            a.scopeName
                          )}
                        </Table.Td>
                        <Table.Td>
                          {a.validUntil
                            ? t("holders.periodValue", { from: formatDate(a.validFrom), to: formatDate(a.validUntil) })
                            : t("person.since", { from: formatDate(a.validFrom) })}
                        </Table.Td>
                        <Table.Td>
                          {a.isActive ? <Badge color="green">{t("person.roleActive")}</Badge> : <Badge color="gray">{t("person.roleEnded")}</Badge>}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Panel>
        </Grid.Col>
      </Grid>
      {hasPermission(me, "person.write") ? <PersonFormModal key={p.version} opened={editing} onClose={() => setEditing(false)} person={p} /> : null}
    </>
  );
}
