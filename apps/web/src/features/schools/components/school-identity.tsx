import { Badge, SimpleGrid, Text } from "@mantine/core";
import type { School } from "@relais/shared/schools";
import type { ReactNode } from "react";
import { Panel } from "../../../components/panel.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** The school's identity card, as a description list. */
export function SchoolIdentity({ school }: { school: School }) {
  const { t, formatNumber } = useI18n();
  const rows: [string, ReactNode][] = [
    [
      t("school.uai"),
      <span key="uai" style={{ fontFamily: "monospace" }}>
        {school.uai}
      </span>,
    ],
    [t("school.type"), t(`schoolType.${school.type}`)],
    [t("school.status"), school.isPublic ? t("school.public") : t("school.private")],
    [t("school.academie"), school.academie],
    [t("school.department"), school.departmentCode],
    [t("school.commune"), school.commune],
    [t("school.sector"), school.sectorName ?? "—"],
    [t("school.zone"), school.zoneName ?? "—"],
    [
      t("school.digitalMode"),
      <Badge key="mode" color={school.digitalMode === "digital" ? "teal" : "gray"}>
        {t(`digitalMode.${school.digitalMode}`)}
      </Badge>,
    ],
    [t("school.remoteSupport"), school.hasRemoteSupport ? t("common.yes") : t("common.no")],
    [t("school.bandwidth"), school.bandwidthMbps === null ? t("common.unknown") : t("school.bandwidthValue", { value: formatNumber(school.bandwidthMbps) })],
    [t("school.wifi"), t(`wifi.${school.wifiStatus}`)],
    [t("school.students"), formatNumber(school.studentCount)],
  ];
  return (
    <Panel title={t("school.identity")} gap="md">
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
              {label}
            </Text>
            <Text component="dd" m={0} fw={500}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Panel>
  );
}
