import { Badge, Group, Select, Stack, Table, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { RESOURCE_KIND_LABELS, RESOURCE_KINDS } from "@relais/shared/catalogue";
import { formatEuros } from "@relais/shared/money";
import { LEVEL_LABELS, LEVELS, TRACK_LABELS, TRACKS } from "@relais/shared/schools";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { ResourceItem } from "../api/campaigns-api.ts";
import { CatalogueResults } from "../components/catalogue-results.tsx";

/** The textbooks and resources catalogue, browsed with filters by everyone of the region (seed 001: teachers see it all). */
export function CataloguePage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<string | null>(null);
  const [track, setTrack] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [search] = useDebouncedValue(q, 250);
  const items = useQuery({
    queryKey: ["catalogue", "browse", kind, track, level, search],
    queryFn: ({ signal }) =>
      api.get<{ items: ResourceItem[] }>(
        "/catalogue/resources",
        { kind: kind ?? undefined, track: track ?? undefined, level: level ?? undefined, q: search || undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t("catalogue.title")}
        subtitle={t("catalogue.subtitle")}
        actions={
          <AnchorLink to="/catalogue/equipement" size="sm">
            {t("catalogue.toEquipment")}
          </AnchorLink>
        }
      />
      <Stack gap="md">
        <Group align="flex-end">
          <TextInput label={t("catalogue.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={260} />
          <Select
            label={t("catalogue.kind")}
            data={RESOURCE_KINDS.map((k) => ({ value: k, label: RESOURCE_KIND_LABELS[k] }))}
            value={kind}
            onChange={setKind}
            clearable
            w={240}
          />
          <Select
            label={t("campaigns.topUp.track")}
            data={TRACKS.map((k) => ({ value: k, label: TRACK_LABELS[k] }))}
            value={track}
            onChange={setTrack}
            clearable
            w={200}
          />
          <Select
            label={t("campaigns.topUp.level")}
            data={LEVELS.map((k) => ({ value: k, label: LEVEL_LABELS[k] }))}
            value={level}
            onChange={setLevel}
            clearable
            w={180}
          />
        </Group>
        <CatalogueResults
          items={items}
          label={t("catalogue.title")}
          headers={[t("catalogue.item"), t("catalogue.kind"), t("catalogue.subject"), t("catalogue.price")]}
        >
          {(found) =>
            found.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  {item.title} — {item.publisher}
                  <br />
                  <small>{item.ean}</small>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {RESOURCE_KIND_LABELS[item.kind]}
                    {item.isOrderable ? null : <Badge variant="light">{t("catalogue.noOrder")}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {item.subject}
                  {item.level ? ` — ${LEVEL_LABELS[item.level]}` : ""}
                </Table.Td>
                <Table.Td ta="right">
                  {formatEuros(item.priceCents)}
                  {item.licenceYears ? ` / ${t("catalogue.licence", { years: item.licenceYears })}` : ""}
                </Table.Td>
              </Table.Tr>
            ))
          }
        </CatalogueResults>
      </Stack>
    </>
  );
}
