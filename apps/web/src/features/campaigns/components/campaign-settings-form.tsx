import { Alert, Button, Checkbox, Collapse, Group, List, Stack, Text, TextInput } from "@mantine/core";
import type { CampaignCalendar } from "@relais/shared/campaign-windows";
import type { EquipmentFormula } from "@relais/shared/equipment-envelope";
import type { TextbookRates } from "@relais/shared/textbook-envelope";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type Campaign, envelopesQuery } from "../api/campaigns-api.ts";
import { EquipmentFormulaEditor, TextbookRatesEditor, WindowsEditor } from "./campaign-rule-editors.tsx";

type ComputeReport = { computed: number; skipped: { schoolId: string; reason: string }[] };

/**
 * The Region edits a campaign (issue 5): its label, windows and return deadlines, its textbook
 * rates or its equipment formula. A changed rule recomputes the envelopes right after saving
 * (unless asked not to); an envelope already more committed than its new amount is left as it
 * was, and the report says which.
 */
export function CampaignSettingsForm({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  return (
    <Panel
      title={t("campaignRegion.settings")}
      order={3}
      gap={0}
      actions={
        <Button size="xs" variant="light" onClick={() => setOpened((o) => !o)} aria-expanded={opened} aria-controls="campaign-settings-body">
          {opened ? t("campaignRegion.hideSettings") : t("campaignRegion.editSettings")}
        </Button>
      }
    >
      <Collapse expanded={opened} id="campaign-settings-body">
        {/* Re-keyed on the version: a saved (or reloaded) campaign starts the form afresh. */}
        {opened ? <SettingsBody key={`${campaign.id}-${campaign.version}`} campaign={campaign} /> : null}
      </Collapse>
    </Panel>
  );
}

function SettingsBody({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(campaign.label);
  const [calendar, setCalendar] = useState<CampaignCalendar>(campaign.calendar);
  const [rates, setRates] = useState<TextbookRates | null>(campaign.textbookRates);
  const [formula, setFormula] = useState<EquipmentFormula | null>(campaign.equipmentFormula);
  const [recompute, setRecompute] = useState(true);
  const [report, setReport] = useState<ComputeReport | null>(null);
  const envelopes = useQuery(envelopesQuery(campaign.id));
  const schoolName = (id: string) => envelopes.data?.items.find((e) => e.schoolId === id)?.schoolName ?? id;
  const ruleChanged = JSON.stringify(rates) !== JSON.stringify(campaign.textbookRates) || JSON.stringify(formula) !== JSON.stringify(campaign.equipmentFormula);
  const save = useMutation({
    mutationFn: async () => {
      await api.patch<Campaign>(`/campaigns/${campaign.id}`, {
        version: campaign.version,
        label: label.trim(),
        calendar,
        ...(campaign.programme === "textbooks" && rates ? { textbookRates: rates } : {}),
        ...(campaign.programme === "equipment" && formula ? { equipmentFormula: formula } : {}),
      });
      return ruleChanged && recompute ? api.post<ComputeReport>(`/campaigns/${campaign.id}/envelopes/compute`, {}) : null;
    },
    onSuccess: (computed) => {
      setReport(computed);
      notifySuccess(computed ? t("campaignRegion.savedAndComputed", { count: computed.computed }) : t("campaignRegion.saved"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
    },
  });
  return (
    <Stack gap="md" mt="md">
      <TextInput label={t("campaignRegion.label")} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maw={480} />
      <WindowsEditor calendar={calendar} onChange={setCalendar} withReturns={campaign.programme === "textbooks"} />
      {campaign.programme === "textbooks" && rates ? <TextbookRatesEditor rates={rates} onChange={setRates} /> : null}
      {campaign.programme === "equipment" && formula ? <EquipmentFormulaEditor formula={formula} onChange={setFormula} /> : null}
      {ruleChanged ? <Checkbox label={t("campaignRegion.recompute")} checked={recompute} onChange={(e) => setRecompute(e.currentTarget.checked)} /> : null}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("common.save")}
        </Button>
      </Group>
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      {report && report.skipped.length > 0 ? (
        <Alert color="yellow" variant="light" title={t("campaignRegion.skipped", { count: report.skipped.length })}>
          <List size="sm">
            {report.skipped.map((s) => (
              <List.Item key={s.schoolId}>
                <Text size="sm">
                  {schoolName(s.schoolId)} — {s.reason}
                </Text>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}
