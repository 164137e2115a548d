import { Alert, Badge, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { EQUIPMENT_CATEGORIES, EQUIPMENT_CATEGORY_LABELS, SERVER_REFUSAL } from "@relais/shared/catalogue";
import { formatEuros } from "@relais/shared/money";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import type { EquipmentItem } from "../api/campaigns-api.ts";
import { CatalogueResults } from "../components/catalogue-results.tsx";

/**
 * The Region's equipment catalogue (seed 003), browsed by everyone of the region: mobile items
 * need a validated pedagogical project; servers are not in it, and the page sends the school
 * to an evolution request instead (to its correspondent, who files tickets).
 */
export function EquipmentCataloguePage() {
  const { t } = useI18n();
  const me = useMe();
  const [category, setCategory] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 250);
  const items = useQuery({
    queryKey: ["catalogue", "equipment", "browse", category, search],
    queryFn: ({ signal }) => api.get<{ items: EquipmentItem[] }>("/catalogue/equipment", { category: category ?? undefined, q: search || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const files = hasPermission(me, "ticket.file");
  return (
    <>
      <PageHeader
        title={t("schoolCampaign.equipment.title")}
        subtitle={t("schoolCampaign.equipment.subtitle")}
        actions={
          <AnchorLink to="/catalogue" size="sm">
            {t("schoolCampaign.equipment.toResources")}
          </AnchorLink>
        }
      />
      <Stack gap="md">
        <Alert color="blue" variant="light" title={t("schoolCampaign.equipment.serversTitle")}>
          <Stack gap="xs">
            <Text size="sm">{SERVER_REFUSAL}</Text>
            {files ? (
              <ButtonLink to="/tickets/nouveau" search={{ nature: "evolution", categorie: "server" }} size="xs" variant="light" w="fit-content">
                {t("schoolCampaign.equipment.fileEvolution")}
              </ButtonLink>
            ) : (
              <Text size="sm">{t("schoolCampaign.equipment.askCorrespondent")}</Text>
            )}
          </Stack>
        </Alert>
        <Group align="flex-end">
          <TextInput label={t("schoolCampaign.equipment.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={260} />
          <Select
            label={t("schoolCampaign.equipment.category")}
            data={EQUIPMENT_CATEGORIES.map((c) => ({ value: c, label: EQUIPMENT_CATEGORY_LABELS[c] }))}
            value={category}
            onChange={setCategory}
            clearable
            w={260}
          />
        </Group>
        <CatalogueResults
          items={items}
          label={t("schoolCampaign.equipment.title")}
          headers={[t("campaigns.cart.item"), t("schoolCampaign.equipment.category"), t("schoolCampaign.equipment.warranty"), t("catalogue.price")]}
        >
          {(found) =>
            found
              .filter((item) => item.isActive)
              .map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{item.label}</Text>
                      {item.isMobile ? (
                        <Badge color="orange" variant="light">
                          {t("schoolCampaign.equipment.mobile")}
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {item.reference} — {item.supplier}
                    </Text>
                  </Table.Td>
                  <Table.Td>{EQUIPMENT_CATEGORY_LABELS[item.category]}</Table.Td>
                  <Table.Td>{t("schoolCampaign.equipment.years", { years: item.warrantyYears })}</Table.Td>
                  <Table.Td ta="right">{formatEuros(item.unitPriceCents)}</Table.Td>
                </Table.Tr>
              ))
          }
        </CatalogueResults>
        {items.data?.items.some((i) => i.isMobile) ? (
          <Text size="sm">
            {t("schoolCampaign.equipment.mobileHint")}{" "}
            {hasPermission(me, "order.equipment") ? (
              <AnchorLink to="/campagnes/projets-mobiles" size="sm">
                {t("schoolCampaign.equipment.toProjects")}
              </AnchorLink>
            ) : null}
          </Text>
        ) : null}
      </Stack>
    </>
  );
}
