import { Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { isDesignatedByHead, isSingleHolderRole, ROLE_CODES, type Role, roleLabel } from "@relais/shared/roles";
import { IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { schoolHoldersQuery, schoolQuery } from "../api/home-api.ts";

/**
 * A school card for the people of a school: its identity, its role holders this school year,
 * and, for the head, the single-holder roles still to designate (one coordinator, one
 * correspondent… per school, DOMAIN §7), each a link to designate on the school page.
 */
export function SchoolOverview({ schoolId, myRoles, canDesignate }: { schoolId: string; myRoles: Role[]; canDesignate: boolean }) {
  const { t, language, formatNumber } = useI18n();
  const school = useQuery(schoolQuery(schoolId));
  const holders = useQuery(schoolHoldersQuery(schoolId));
  const headingId = useId();

  if (school.isPending) return <LoadingBlock />;
  if (school.isError) return <ErrorAlert error={school.error} onRetry={() => void school.refetch()} />;
  const s = school.data;
  const byRole = new Map<Role, string[]>();
  for (const a of holders.data?.items ?? []) byRole.set(a.role, [...(byRole.get(a.role) ?? []), a.personName]);
  const toDesignate = ROLE_CODES.filter((r) => isDesignatedByHead(r) && isSingleHolderRole(r) && !byRole.has(r));

  return (
    <Paper withBorder p="md" radius="md" bg="white" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3" id={headingId}>
            {s.name}
          </Title>
          <Text size="sm" c="dimmed">
            {t("school.uai")} <span style={{ fontFamily: "monospace" }}>{s.uai}</span> · {t(`schoolType.${s.type}`)} · {s.commune}
          </Text>
          <Group gap={6} mt={6}>
            {myRoles.map((role) => (
              <Badge key={role} color="blue">
                {roleLabel(role, language)}
              </Badge>
            ))}
          </Group>
        </div>
        <ButtonLink to="/etablissements/$uai" params={{ uai: s.uai }} variant="light">
          {canDesignate ? t("home.school.manage") : t("home.school.open")}
        </ButtonLink>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mt="md" spacing="md">
        <Info label={t("school.students")} value={formatNumber(s.studentCount)} />
        <Info label={t("school.digitalMode")} value={t(`digitalMode.${s.digitalMode}`)} />
        <Info label={t("school.sectorZone")} value={[s.sectorName, s.zoneName].filter(Boolean).join(" / ") || "—"} />
      </SimpleGrid>
      <Title order={3} size="h5" mt="lg" mb="xs">
        {t("home.school.holders")}
      </Title>
      {holders.isPending ? (
        <LoadingBlock />
      ) : holders.isError ? (
        <ErrorAlert error={holders.error} />
      ) : byRole.size === 0 ? (
        <Text size="sm" c="dimmed">
          {t("home.school.noHolders")}
        </Text>
      ) : (
        <List size="sm" spacing={4} style={{ columns: "2 280px" }}>
          {[...byRole.entries()]
            .sort(([a], [b]) => ROLE_CODES.indexOf(a) - ROLE_CODES.indexOf(b))
            .map(([role, names]) => (
              <List.Item key={role}>
                <Text span fw={600} size="sm">
                  {roleLabel(role, language)}
                </Text>{" "}
                : {names.join(", ")}
              </List.Item>
            ))}
        </List>
      )}
      {canDesignate && toDesignate.length > 0 && holders.isSuccess ? (
        <Stack gap="xs" mt="lg">
          <Title order={3} size="h5">
            {t("home.school.toDesignate")}
          </Title>
          <Group gap="xs">
            {toDesignate.map((role) => (
              <AnchorLink key={role} to="/etablissements/$uai" params={{ uai: s.uai }} search={{ designer: role }} size="sm">
                <Group gap={4} component="span">
                  <IconUserPlus size={16} aria-hidden />
                  {t("home.school.designateRole", { role: roleLabel(role, language) })}
                </Group>
              </AnchorLink>
            ))}
          </Group>
        </Stack>
      ) : null}
    </Paper>
  );
}

function Info({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}
