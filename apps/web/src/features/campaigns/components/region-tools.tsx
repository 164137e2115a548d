import { Button, Collapse, Group, SegmentedControl, Stack, TextInput } from "@mantine/core";
import { type CampaignCalendar, defaultTextbookCalendar } from "@relais/shared/campaign-windows";
import type { EquipmentFormula } from "@relais/shared/equipment-envelope";
import { isSchoolYear } from "@relais/shared/school-year";
import { DEFAULT_TEXTBOOK_RATES, type TextbookRates } from "@relais/shared/textbook-envelope";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { EquipmentFormulaEditor, TextbookRatesEditor, WindowsEditor } from "./campaign-rule-editors.tsx";

/**
 * The Region opens a campaign: a textbook campaign starts from the 2024 handbook's windows and
 * rates, which it may change here; an equipment plan needs its formula and its windows (the
 * seed gives no figures). Every public lycée's envelope is computed on creation.
 */
export function NewCampaignForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [programme, setProgramme] = useState<"textbooks" | "equipment">("textbooks");
  const [period, setPeriod] = useState("");
  const [label, setLabel] = useState("");
  const [editedCalendar, setCalendar] = useState<CampaignCalendar | null>(null);
  const [rates, setRates] = useState<TextbookRates>(DEFAULT_TEXTBOOK_RATES);
  const [formula, setFormula] = useState<EquipmentFormula>({ basePerSchoolCents: 0, perStudentCents: 0, weights: [] });
  const trimmed = period.trim();
  // Until the Region edits them, a textbook campaign's windows are the handbook's for its school year.
  const calendar: CampaignCalendar =
    editedCalendar ??
    (programme === "textbooks" && isSchoolYear(trimmed)
      ? defaultTextbookCalendar(trimmed)
      : { windows: [{ label: t("campaigns.new.windowLabel"), opensOn: "", closesOn: "" }], returnDeadlines: [] });
  const create = useMutation({
    mutationFn: () =>
      api.post("/campaigns", {
        regionId,
        programme,
        period: trimmed,
        ...(label.trim() ? { label: label.trim() } : {}),
        calendar,
        ...(programme === "equipment" ? { equipmentFormula: formula } : { textbookRates: rates }),
      }),
    onSuccess: () => {
      notifySuccess(t("campaigns.new.created"));
      setOpened(false);
      void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
    },
  });
  return (
    <Panel
      title={t("campaigns.new.title")}
      order={3}
      gap={0}
      actions={
        <Button size="xs" variant="light" onClick={() => setOpened((o) => !o)} aria-expanded={opened} aria-controls="new-campaign-body">
          {opened ? t("campaignRegion.hideSettings") : t("campaignRegion.open")}
        </Button>
      }
    >
      <Collapse expanded={opened} id="new-campaign-body">
        <Stack gap="sm" mt="md">
          <SegmentedControl
            value={programme}
            onChange={(v) => {
              setProgramme(v as "textbooks" | "equipment");
              setCalendar(null);
            }}
            data={[
              { value: "textbooks", label: t("campaigns.new.textbooks") },
              { value: "equipment", label: t("campaigns.new.equipment") },
            ]}
            aria-label={t("campaignRegion.programme")}
          />
          <Group align="flex-end">
            <TextInput
              label={t("campaigns.new.period")}
              description={programme === "textbooks" ? "2026-2027" : "2026"}
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value)}
              w={200}
            />
            <TextInput
              label={t("campaignRegion.label")}
              description={t("campaignRegion.labelHint")}
              value={label}
              onChange={(e) => setLabel(e.currentTarget.value)}
              w={360}
            />
          </Group>
          <WindowsEditor calendar={calendar} onChange={setCalendar} withReturns={programme === "textbooks"} />
          {programme === "textbooks" ? (
            <TextbookRatesEditor rates={rates} onChange={setRates} />
          ) : (
            <EquipmentFormulaEditor formula={formula} onChange={setFormula} />
          )}
          <Group>
            <Button onClick={() => create.mutate()} loading={create.isPending} disabled={trimmed === ""}>
              {t("campaigns.new.submit")}
            </Button>
          </Group>
          {create.isError ? <ErrorAlert error={create.error} /> : null}
        </Stack>
      </Collapse>
    </Panel>
  );
}
