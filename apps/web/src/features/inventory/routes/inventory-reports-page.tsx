import { Alert, Stack } from "@mantine/core";
import { PageHeader } from "../../../components/page-header.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, useMe } from "../../../lib/session.ts";
import {
  CountsFigures,
  HomogeneityFigure,
  ProjectorAgesFigure,
  RenewalFigure,
  SchoolCountsFigure,
  TotalCostFigure,
  WarrantiesFigure,
} from "../components/inventory-report-sections.tsx";
import { InventorySettingsForm } from "../components/inventory-settings-form.tsx";

/**
 * The inventory reports over what the viewer sees of their region (the Region's staff the whole
 * region, a school's people their school): what the estate holds, what to renew and why,
 * warranties ending, projector age per room, room homogeneity and the total cost per class.
 */
export function InventoryReportsPage() {
  const { t } = useI18n();
  const me = useMe();
  const scope = { region: me.regionId ?? undefined };
  return (
    <>
      <PageHeader
        before={
          <AnchorLink to="/inventaire" size="sm">
            {t("inventory.back")}
          </AnchorLink>
        }
        title={t("inventory.reports.title")}
        subtitle={t("inventory.reports.subtitle")}
      />
      {me.regionId ? (
        <Stack gap="md">
          <CountsFigures scope={scope} />
          <SchoolCountsFigure scope={scope} />
          <RenewalFigure scope={scope} />
          <WarrantiesFigure scope={scope} />
          <ProjectorAgesFigure scope={scope} />
          <HomogeneityFigure scope={scope} />
          <TotalCostFigure scope={scope} />
          {/* The API lets only the region's administrators change its settings. */}
          {canAt(me, "region.write", { regionId: me.regionId }) ? <InventorySettingsForm regionId={me.regionId} /> : null}
        </Stack>
      ) : (
        <Alert color="blue" variant="light">
          {t("inventory.reports.noRegion")}
        </Alert>
      )}
    </>
  );
}
