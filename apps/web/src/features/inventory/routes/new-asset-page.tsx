import { Paper } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { PageHeader } from "../../../components/page-header.tsx";
import { LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { createAsset } from "../api/inventory-api.ts";
import { AssetForm, assetFieldsOf, emptyAssetValues } from "../components/asset-form.tsx";

const route = getRouteApi("/app/inventaire/nouveau");

/** « Nouvel équipement »: an item that runs no agent (network gear, projector, display, UPS…), entered by hand (issue 4). */
export function NewAssetPage() {
  const { t } = useI18n();
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Opened from a school's estate or a room: that school is chosen already.
  const school = useQuery({
    queryKey: ["schools", "one", search.school],
    queryFn: ({ signal }) => api.get<{ id: string; name: string; uai: string }>(`/schools/${encodeURIComponent(search.school ?? "")}`, undefined, signal),
    enabled: Boolean(search.school),
  });
  const ready = !search.school || !school.isPending;
  return (
    <>
      <PageHeader
        before={
          <AnchorLink to="/inventaire" size="sm">
            {t("inventory.back")}
          </AnchorLink>
        }
        title={t("inventory.form.newTitle")}
        subtitle={t("inventory.form.newSubtitle")}
      />
      <Paper withBorder p="lg" radius="md" bg="white" maw={900}>
        {ready ? (
          <AssetForm
            initial={emptyAssetValues(school.data?.id ?? "", search.room ?? "")}
            initialSchool={school.data}
            schoolFixed={false}
            submitLabel={t("inventory.form.create")}
            onSubmit={async (values) => {
              const created = await createAsset({ school: values.school, ...assetFieldsOf(values) });
              void queryClient.invalidateQueries({ queryKey: ["inventory"] });
              notifySuccess(t("inventory.form.created"));
              await navigate({ to: "/inventaire/$id", params: { id: created.asset.id } });
            }}
          />
        ) : (
          <LoadingBlock />
        )}
      </Paper>
    </>
  );
}
