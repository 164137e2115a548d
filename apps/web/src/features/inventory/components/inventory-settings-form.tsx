import { Button, Group, NumberInput, Text } from "@mantine/core";
import { type ClassCost, classCostOverrides } from "@relais/shared/inventory-reports";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { type InventorySettings, inventorySettingsQuery, saveInventorySettings } from "../api/inventory-reports-api.ts";
import { API_FIELDS, ClassCostsTable, type CostDrafts, type CostErrors, costsOf, draftsOf } from "./class-costs-table.tsx";

/**
 * The Region's administrators set the renewal rule (age, incidents in 12 months), the support
 * hour, and each asset class's costs that the total cost uses, all saved in one document.
 */
export function InventorySettingsForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const settings = useQuery(inventorySettingsQuery(regionId));
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Panel title={t("inventory.settings.title")} gap={0}>
      <Text size="sm" c="dimmed" mb="sm">
        {t("inventory.settings.hint")}
      </Text>
      {/* The fields appear with the region's values: defaults shown meanwhile would be typed over, then replaced. */}
      {settings.data ? <SettingsFields regionId={regionId} settings={settings.data} /> : <LoadingBlock />}
    </Panel>
  );
}

function SettingsFields({ regionId, settings }: { regionId: string; settings: InventorySettings }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { effective } = settings;
  const [age, setAge] = useState<number | string>(effective.renewalAgeYears);
  const [tickets, setTickets] = useState<number | string>(effective.frequentIncidentTickets);
  const [hour, setHour] = useState<number | string>(effective.supportHourCents / 100);
  const [costs, setCosts] = useState<CostDrafts>(() => draftsOf(effective.classCosts));
  const [costErrors, setCostErrors] = useState<CostErrors>({});
  // Saved (or changed elsewhere and read again): the fields show what is now in effect.
  useEffect(() => {
    setAge(effective.renewalAgeYears);
    setTickets(effective.frequentIncidentTickets);
    setHour(effective.supportHourCents / 100);
    setCosts(draftsOf(effective.classCosts));
    setCostErrors({});
  }, [effective]);
  const save = useMutation({
    mutationFn: (classCosts: Parameters<typeof classCostOverrides>[0]) => {
      // The whole document is replaced: keep what this form does not show, and store only the class costs that depart from the defaults.
      const { classCosts: _previous, ...kept } = settings.stored;
      const overrides = classCostOverrides(classCosts);
      return saveInventorySettings(regionId, {
        ...kept,
        renewalAgeYears: Number(age),
        frequentIncidentTickets: Number(tickets),
        supportHourCents: Math.round(Number(hour) * 100),
        ...(overrides ? { classCosts: overrides } : {}),
      });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(inventorySettingsQuery(regionId).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["inventory", "reports"] });
      notifySuccess(t("inventory.settings.saved"));
    },
    onError: (error) => {
      setCostErrors(error instanceof ApiError ? costErrorsOf(error) : {});
      notifyError(errorMessage(error, t));
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        const checked = costsOf(costs, t("inventory.settings.required"));
        if ("errors" in checked) setCostErrors(checked.errors);
        else save.mutate(checked.costs);
      }}
    >
      <Group align="flex-end">
        <NumberInput label={t("inventory.settings.age")} value={age} onChange={setAge} min={1} max={30} allowDecimal={false} w={240} />
        <NumberInput label={t("inventory.settings.tickets")} value={tickets} onChange={setTickets} min={1} max={100} allowDecimal={false} w={260} />
        <NumberInput label={t("inventory.settings.hour")} value={hour} onChange={setHour} min={0} max={10_000} decimalScale={2} suffix=" €" w={220} />
      </Group>
      <ClassCostsTable
        drafts={costs}
        errors={costErrors}
        onChange={(next, cleared) => {
          setCosts(next);
          setCostErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => !cleared.includes(key))));
        }}
      />
      <Group justify="flex-end" mt="md">
        {/* Said beside the button rather than in a notification, which would cover it. */}
        {Object.keys(costErrors).length > 0 ? (
          <Text size="sm" c="red.8" role="alert">
            {t("inventory.settings.fix")}
          </Text>
        ) : null}
        <Button type="submit" loading={save.isPending}>
          {t("common.save")}
        </Button>
      </Group>
    </form>
  );
}

/** The API's per-field errors on class costs (`body.classCosts.laptop.priceCents`), keyed as the table's fields. */
function costErrorsOf(error: ApiError): CostErrors {
  const placed: CostErrors = {};
  for (const { field, message } of error.fieldErrors) {
    const match = /^body\.classCosts\.(\w+)\.(\w+)$/.exec(field);
    const costField = match ? API_FIELDS[match[2] as keyof ClassCost] : undefined;
    if (match && costField) placed[`${match[1]}.${costField}`] = message;
  }
  return placed;
}
