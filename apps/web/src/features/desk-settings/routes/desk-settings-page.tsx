import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Table, TagsInput, Text, TextInput } from "@mantine/core";
import { TICKET_CATEGORIES } from "@relais/shared/tickets";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { useMe } from "../../../lib/session.ts";
import { MailboxSection } from "../../mail-in/components/mailbox-section.tsx";
import {
  type CategoryRoute,
  type DeskSettings,
  deskSettingsQuery,
  organisationsQuery,
  type StoredSettings,
  saveDeskSettings,
} from "../api/desk-settings-api.ts";

type Draft = DeskSettings["effective"] & { extraCategories: string[] };
const GROUPS = ["infrastructure", "office", "other"] as const;
const URGENCY_CODES = ["very_high", "medium", "low"] as const;

/** The region's desk, as its administrators set it: who files, who handles what, how fast. */
export function DeskSettingsPage() {
  const { t } = useI18n();
  const me = useMe();
  const regionId = me.regionId ?? me.assignments.find((a) => a.regionId)?.regionId ?? "";
  const settings = useQuery({ ...deskSettingsQuery(regionId), enabled: Boolean(regionId) });
  if (!regionId) return <ErrorAlert error={new Error(t("deskSettings.noRegion"))} />;
  if (settings.isPending) return <LoadingBlock />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm regionId={regionId} settings={settings.data} />;
}

function SettingsForm({ regionId, settings }: { regionId: string; settings: DeskSettings }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const organisations = useQuery(organisationsQuery);
  const initial = (): Draft => ({ ...settings.effective, extraCategories: settings.stored.extraCategories ?? [] });
  const [draft, setDraft] = useState<Draft>(initial);
  useEffect(() => setDraft({ ...settings.effective, extraCategories: settings.stored.extraCategories ?? [] }), [settings]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const save = useMutation({
    mutationFn: () => saveDeskSettings(regionId, toStored(draft)),
    onSuccess: (saved) => {
      queryClient.setQueryData(deskSettingsQuery(regionId).queryKey, saved);
      notifySuccess(t("deskSettings.saved"));
    },
  });

  const categories = [...new Set([...Object.keys(TICKET_CATEGORIES), ...draft.extraCategories])];
  const orgOptions = (organisations.data?.items ?? [])
    .filter((o) => o.regionId === regionId)
    .map((o) => ({ value: `organisation:${o.id}`, label: t("deskSettings.routeOrganisation", { name: o.name }) }));
  const routeOptions = [
    { value: "", label: t("deskSettings.routeManual") },
    { value: "zone_technicians", label: t("deskSettings.routeZone") },
    ...orgOptions,
    { value: "supplier", label: t("deskSettings.routeSupplier") },
  ];
  const routeValue = (route: CategoryRoute | undefined) =>
    !route ? "" : route.handler === "organisation" ? `organisation:${route.organisationId}` : route.handler;
  const setRoute = (category: string, value: string | null) => {
    const routing = { ...draft.routing };
    if (!value) delete routing[category];
    else if (value.startsWith("organisation:")) routing[category] = { handler: "organisation", organisationId: value.slice("organisation:".length) };
    else if (value === "supplier") routing[category] = { handler: "supplier", supplier: "", contact: "" };
    else routing[category] = { handler: "zone_technicians" };
    set("routing", routing);
  };
  const label = (code: string) => (TICKET_CATEGORIES as Record<string, { fr: string; en: string }>)[code]?.[language] ?? code;

  return (
    <>
      <PageHeader title={t("deskSettings.title")} subtitle={t("deskSettings.subtitle")} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="lg">
          <Panel title={t("deskSettings.filing")}>
            <Stack>
              <Switch
                label={t("deskSettings.coordinatorsMayFile")}
                description={t("deskSettings.coordinatorsMayFileHint")}
                checked={draft.coordinatorsMayFile}
                onChange={(e) => set("coordinatorsMayFile", e.currentTarget.checked)}
              />
              <TagsInput
                label={t("deskSettings.extraCategories")}
                description={t("deskSettings.extraCategoriesHint")}
                value={draft.extraCategories}
                onChange={(v) =>
                  set(
                    "extraCategories",
                    v.map((c) => c.trim().toLowerCase()),
                  )
                }
                maxTags={50}
              />
            </Stack>
          </Panel>

          <Panel title={t("deskSettings.sla")}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
              <NumberInput
                label={t("deskSettings.takeCharge")}
                description={t("deskSettings.takeChargeHint")}
                min={15}
                max={6000}
                step={15}
                value={draft.takeChargeBusinessMinutes}
                onChange={(v) => set("takeChargeBusinessMinutes", Number(v) || 0)}
              />
              <NumberInput
                label={t("deskSettings.autoClose")}
                description={t("deskSettings.autoCloseHint")}
                min={1}
                max={90}
                value={draft.autoCloseDays}
                onChange={(v) => set("autoCloseDays", Number(v) || 0)}
              />
              <Group grow align="flex-end">
                <NumberInput
                  label={t("deskSettings.escalation1")}
                  suffix=" %"
                  min={10}
                  max={200}
                  value={Math.round(draft.escalationShares[0] * 100)}
                  onChange={(v) => set("escalationShares", [Number(v) / 100, draft.escalationShares[1]])}
                />
                <NumberInput
                  label={t("deskSettings.escalation2")}
                  suffix=" %"
                  min={10}
                  max={200}
                  value={Math.round(draft.escalationShares[1] * 100)}
                  onChange={(v) => set("escalationShares", [draft.escalationShares[0], Number(v) / 100])}
                />
              </Group>
            </SimpleGrid>
            <Table withTableBorder verticalSpacing={6} aria-label={t("deskSettings.resolutionTable")} maw={640}>
              <Table.Caption>{t("deskSettings.resolutionTableCaption")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("deskSettings.group")}</Table.Th>
                  {URGENCY_CODES.map((u) => (
                    <Table.Th key={u} scope="col">
                      {t(`deskSettings.urgency.${u}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {GROUPS.map((group) => (
                  <Table.Tr key={group}>
                    <Table.Th scope="row">{t(`category.group.${group}`)}</Table.Th>
                    {URGENCY_CODES.map((u) => (
                      <Table.Td key={u}>
                        <NumberInput
                          aria-label={`${t(`category.group.${group}`)}, ${t(`deskSettings.urgency.${u}`)}`}
                          prefix="J+"
                          min={1}
                          max={30}
                          value={draft.resolutionDays[group][u]}
                          onChange={(v) => set("resolutionDays", { ...draft.resolutionDays, [group]: { ...draft.resolutionDays[group], [u]: Number(v) || 1 } })}
                          w={90}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md" maw={640}>
              <NumberInput
                label={t("deskSettings.impactSchool")}
                prefix="J+"
                min={1}
                max={30}
                value={draft.impactDays.school ?? ""}
                onChange={(v) => set("impactDays", { ...draft.impactDays, school: Number(v) || 1 })}
              />
              <NumberInput
                label={t("deskSettings.impactNone")}
                prefix="J+"
                min={1}
                max={30}
                value={draft.impactDays.none ?? ""}
                onChange={(v) => set("impactDays", { ...draft.impactDays, none: Number(v) || 1 })}
              />
            </SimpleGrid>
          </Panel>

          <Panel title={t("deskSettings.routing")} gap={4}>
            <Text size="sm" c="dimmed" mb="sm">
              {t("deskSettings.routingHint")}
            </Text>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing={6} aria-label={t("deskSettings.routing")}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("ticket.category")}</Table.Th>
                    <Table.Th scope="col">{t("deskSettings.handledBy")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {categories.map((category) => {
                    const route = draft.routing[category];
                    return (
                      <Table.Tr key={category}>
                        <Table.Th scope="row" fw={500}>
                          {label(category)}
                        </Table.Th>
                        <Table.Td>
                          <Group gap="xs" wrap="wrap">
                            <Select
                              aria-label={t("deskSettings.handlerOf", { category: label(category) })}
                              data={routeOptions}
                              value={routeValue(route)}
                              onChange={(v) => setRoute(category, v)}
                              allowDeselect={false}
                              w={280}
                            />
                            {route?.handler === "supplier" ? (
                              <>
                                <TextInput
                                  aria-label={t("deskSettings.supplierName", { category: label(category) })}
                                  placeholder={t("deskSettings.supplierPlaceholder")}
                                  value={route.supplier}
                                  onChange={(e) => set("routing", { ...draft.routing, [category]: { ...route, supplier: e.currentTarget.value } })}
                                  w={200}
                                />
                                <TextInput
                                  aria-label={t("deskSettings.supplierContact", { category: label(category) })}
                                  placeholder={t("deskSettings.contactPlaceholder")}
                                  value={route.contact ?? ""}
                                  onChange={(e) => set("routing", { ...draft.routing, [category]: { ...route, contact: e.currentTarget.value } })}
                                  w={220}
                                />
                              </>
                            ) : null}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Panel>

          <FormError message={save.isError ? errorMessage(save.error, t) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDraft(initial())}>
              {t("deskSettings.reset")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
      {/* Its own form and save: the mailbox is a separate API resource, with a write-only password. */}
      <Stack mt="lg">
        <MailboxSection regionId={regionId} />
      </Stack>
    </>
  );
}

/** The draft as the API stores it: every value explicit, so what is shown is what applies. */
function toStored(draft: Draft): StoredSettings {
  const routing = Object.fromEntries(
    Object.entries(draft.routing).map(([category, route]) => [
      category,
      route.handler === "supplier"
        ? { handler: "supplier", supplier: route.supplier.trim(), ...(route.contact?.trim() ? { contact: route.contact.trim() } : {}) }
        : route,
    ]),
  ) as Record<string, CategoryRoute>;
  return {
    coordinatorsMayFile: draft.coordinatorsMayFile,
    extraCategories: draft.extraCategories,
    autoCloseDays: draft.autoCloseDays,
    routing,
    sla: {
      takeChargeBusinessMinutes: draft.takeChargeBusinessMinutes,
      calendar: { closedDates: draft.closedDates },
      resolutionDays: draft.resolutionDays,
      impactDays: draft.impactDays,
    },
    escalationShares: draft.escalationShares,
  };
}
