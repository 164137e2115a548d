import { Button, Group, NumberInput, Paper, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { inventorySettingsQuery, saveInventorySettings } from "../api/inventory-reports-api.ts";

/**
 * The Region's administrators set the renewal rule (age, incidents in 12 months) and the support
 * hour the total cost uses; the per-class costs they set through the API are kept as they are.
 */
export function InventorySettingsForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useQuery(inventorySettingsQuery(regionId));
  const [age, setAge] = useState<number | string>("");
  const [tickets, setTickets] = useState<number | string>("");
  const [hour, setHour] = useState<number | string>("");
  useEffect(() => {
    if (!settings.data) return;
    setAge(settings.data.effective.renewalAgeYears);
    setTickets(settings.data.effective.frequentIncidentTickets);
    setHour(settings.data.effective.supportHourCents / 100);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      saveInventorySettings(regionId, {
        ...(settings.data?.stored ?? {}),
        renewalAgeYears: Number(age),
        frequentIncidentTickets: Number(tickets),
        supportHourCents: Math.round(Number(hour) * 100),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(inventorySettingsQuery(regionId).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["inventory", "reports"] });
      notifySuccess(t("inventory.settings.saved"));
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Paper withBorder p="md" radius="md" bg="white" component="section" aria-labelledby="inventory-settings">
      <Title order={2} size="h4" id="inventory-settings">
        {t("inventory.settings.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("inventory.settings.hint")}
      </Text>
      <Group
        align="flex-end"
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <NumberInput label={t("inventory.settings.age")} value={age} onChange={setAge} min={1} max={30} allowDecimal={false} w={240} />
        <NumberInput label={t("inventory.settings.tickets")} value={tickets} onChange={setTickets} min={1} max={100} allowDecimal={false} w={260} />
        <NumberInput label={t("inventory.settings.hour")} value={hour} onChange={setHour} min={0} max={10_000} decimalScale={2} suffix=" €" w={220} />
        <Button type="submit" loading={save.isPending} disabled={!settings.data}>
          {t("common.save")}
        </Button>
      </Group>
    </Paper>
  );
}
