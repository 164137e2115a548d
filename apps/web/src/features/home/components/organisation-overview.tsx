import { Badge, Group, Text } from "@mantine/core";
import { type Role, roleLabel } from "@relais/shared/roles";
import { IconBuildingCommunity, IconUsers } from "@tabler/icons-react";
import { Panel } from "../../../components/panel.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** For a contractor's people: their organisation, their roles, and the region's directory. */
export function OrganisationOverview({ name, roles, canReadPeople }: { name: string; roles: Role[]; canReadPeople: boolean }) {
  const { t, language } = useI18n();
  return (
    <Panel title={name} size="h3" gap={0}>
      <Group gap={6} mt={6}>
        {roles.map((role) => (
          <Badge key={role} color="blue">
            {roleLabel(role, language)}
          </Badge>
        ))}
      </Group>
      <Text mt="sm">{t("home.organisation.text")}</Text>
      <Group gap="sm" mt="md">
        <ButtonLink to="/etablissements" variant="light" leftSection={<IconBuildingCommunity size={16} aria-hidden />}>
          {t("home.link.directory")}
        </ButtonLink>
        {canReadPeople ? (
          <ButtonLink to="/personnes" variant="light" leftSection={<IconUsers size={16} aria-hidden />}>
            {t("home.organisation.people")}
          </ButtonLink>
        ) : null}
      </Group>
    </Panel>
  );
}
