import { Stack, Text } from "@mantine/core";
import type { Role } from "@relais/shared/roles";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, hasPermission, useMe } from "../../../lib/session.ts";
import { OrganisationOverview } from "../components/organisation-overview.tsx";
import { RegionOverview } from "../components/region-overview.tsx";
import { SchoolOverview } from "../components/school-overview.tsx";
import { ZoneOverview } from "../components/zone-overview.tsx";

/**
 * The home page fits the person's roles: Region staff see their territory in numbers, a
 * technician their zone's schools, the people of a school their school and its role holders.
 */
export function HomePage() {
  const { t } = useI18n();
  const me = useMe();
  const wide = me.assignments.filter((a) => a.scopeKind === "platform" || a.scopeKind === "region" || a.scopeKind === "sector");
  const zones = uniqueBy(
    me.assignments.filter((a) => a.scopeKind === "zone" && a.zoneId),
    (a) => a.zoneId as string,
  );
  const schools = new Map<string, { schoolId: string; regionId: string; sectorId: string | null; zoneId: string | null; roles: Role[] }>();
  for (const a of me.assignments) {
    if (a.scopeKind !== "school" || !a.schoolId || !a.regionId) continue;
    const entry = schools.get(a.schoolId) ?? { schoolId: a.schoolId, regionId: a.regionId, sectorId: a.sectorId, zoneId: a.zoneId, roles: [] };
    entry.roles.push(a.role);
    schools.set(a.schoolId, entry);
  }
  const organisations = new Map<string, { name: string; roles: Role[] }>();
  for (const a of me.assignments) {
    if (a.scopeKind !== "organisation" || !a.organisationId) continue;
    const entry = organisations.get(a.organisationId) ?? { name: a.scopeName, roles: [] };
    entry.roles.push(a.role);
    organisations.set(a.organisationId, entry);
  }
  const nothing = wide.length === 0 && zones.length === 0 && schools.size === 0 && organisations.size === 0;

  return (
    <>
      <PageHeader title={t("home.title", { name: me.firstName })} subtitle={t("home.subtitle")} />
      <Stack gap="xl">
        {wide.length > 0 && hasPermission(me, "school.read") ? <RegionOverview me={me} /> : null}
        {zones.map((a) => (
          <ZoneOverview key={a.zoneId} zoneId={a.zoneId as string} zoneName={a.scopeName} />
        ))}
        {[...schools.values()].map((s) => (
          <SchoolOverview
            key={s.schoolId}
            schoolId={s.schoolId}
            myRoles={s.roles}
            canDesignate={canAt(me, "role.assign.school", { regionId: s.regionId, sectorId: s.sectorId, zoneId: s.zoneId, schoolId: s.schoolId })}
          />
        ))}
        {[...organisations.entries()].map(([id, o]) => (
          <OrganisationOverview key={id} name={o.name} roles={o.roles} canReadPeople={hasPermission(me, "person.read")} />
        ))}
        {nothing ? (
          <Panel title={t("home.noRole.title")} p="lg" gap={0}>
            <Text mt="xs">{t("home.noRole.text")}</Text>
            {hasPermission(me, "school.read") ? (
              <ButtonLink to="/etablissements" mt="md" variant="light">
                {t("home.link.directory")}
              </ButtonLink>
            ) : null}
          </Panel>
        ) : null}
      </Stack>
    </>
  );
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(key(item))) return false;
    seen.add(key(item));
    return true;
  });
}
