import { Breadcrumbs, Button, Grid, Stack, Text } from "@mantine/core";
import { isDesignatedByHead, ROLE_CODES, type Role } from "@relais/shared/roles";
import { IconPencil } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, useMe } from "../../../lib/session.ts";
import { schoolQuery } from "../api/schools-api.ts";
import { EnrolmentPanel } from "../components/enrolment-panel.tsx";
import { RoleHoldersPanel } from "../components/role-holders-panel.tsx";
import { SchoolEditModal } from "../components/school-edit-modal.tsx";
import { SchoolIdentity } from "../components/school-identity.tsx";

const route = getRouteApi("/app/etablissements/$uai");

export function SchoolPage() {
  const { t } = useI18n();
  const me = useMe();
  const { uai } = route.useParams();
  const { designer } = route.useSearch();
  const navigate = route.useNavigate();
  const school = useQuery(schoolQuery(uai));
  const [editing, setEditing] = useState(false);

  const crumbs = (
    <Breadcrumbs mb="xs" aria-label={t("layout.breadcrumb")} separator="›">
      <AnchorLink to="/etablissements" size="sm">
        {t("schools.title")}
      </AnchorLink>
      <Text size="sm" aria-current="page">
        {school.data?.name ?? uai}
      </Text>
    </Breadcrumbs>
  );

  if (school.isPending) {
    return (
      <>
        <PageHeader title={t("common.loading")} before={crumbs} />
        <LoadingBlock />
      </>
    );
  }
  if (school.isError) {
    const notFound = school.error instanceof ApiError && school.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? t("school.notFound") : t("error.title")} before={crumbs} />
        <ErrorAlert error={school.error} onRetry={notFound ? undefined : () => void school.refetch()} />
      </>
    );
  }

  const s = school.data;
  const target = { regionId: s.regionId, sectorId: s.sectorId, zoneId: s.zoneId, schoolId: s.id };
  const mayAssignAny = canAt(me, "role.assign.any", target);
  const mayAssignSchool = mayAssignAny || canAt(me, "role.assign.school", target);
  // The head designates the school's role holders; the Region may also name the head.
  const designableRoles: Role[] = ROLE_CODES.filter((r) => isDesignatedByHead(r) || (mayAssignAny && r === "head"));
  const mayEdit = canAt(me, "school.write", target);

  return (
    <>
      <PageHeader
        before={crumbs}
        title={s.name}
        subtitle={`${t("school.uai")} ${s.uai} · ${t(`schoolType.${s.type}`)} · ${s.commune}`}
        actions={
          mayEdit ? (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
              {t("schoolEdit.open")}
            </Button>
          ) : null
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <SchoolIdentity school={s} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <EnrolmentPanel school={s.uai} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Stack>
            <RoleHoldersPanel
              school={s}
              canDesignate={mayAssignSchool}
              designableRoles={designableRoles}
              initialRole={designer}
              onDialogClosed={() => (designer ? void navigate({ search: {}, replace: true }) : undefined)}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      {mayEdit ? <SchoolEditModal key={s.version} school={s} opened={editing} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
