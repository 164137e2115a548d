import { Button, Group, NumberInput, Paper, SegmentedControl, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";

/**
 * The Region opens a campaign: a textbook campaign takes the 2024 handbook's windows and rates
 * by default; an equipment plan needs its formula and its window (the seed gives no figures).
 */
export function NewCampaignForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [programme, setProgramme] = useState<"textbooks" | "equipment">("textbooks");
  const [period, setPeriod] = useState("");
  const [base, setBase] = useState<number | string>(0);
  const [perStudent, setPerStudent] = useState<number | string>(0);
  const [opensOn, setOpensOn] = useState("");
  const [closesOn, setClosesOn] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api.post("/campaigns", {
        regionId,
        programme,
        period: period.trim(),
        ...(programme === "equipment"
          ? {
              equipmentFormula: { basePerSchoolCents: Math.round(Number(base) * 100), perStudentCents: Math.round(Number(perStudent) * 100), weights: [] },
              calendar: { windows: [{ label: t("campaigns.new.windowLabel"), opensOn, closesOn }], returnDeadlines: [] },
            }
          : {}),
      }),
    onSuccess: () => {
      notifySuccess(t("campaigns.new.created"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns"] });
    },
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-campaign">
      <Stack gap="sm">
        <Title order={3} size="h4" id="new-campaign">
          {t("campaigns.new.title")}
        </Title>
        <SegmentedControl
          value={programme}
          onChange={(v) => setProgramme(v as "textbooks" | "equipment")}
          data={[
            { value: "textbooks", label: t("campaigns.new.textbooks") },
            { value: "equipment", label: t("campaigns.new.equipment") },
          ]}
        />
        <TextInput
          label={t("campaigns.new.period")}
          description={programme === "textbooks" ? "2026-2027" : "2026"}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value)}
          w={200}
        />
        {programme === "equipment" ? (
          <Group align="flex-end">
            <NumberInput label={t("campaigns.new.base")} min={0} decimalScale={2} value={base} onChange={setBase} w={220} />
            <NumberInput label={t("campaigns.new.perStudent")} min={0} decimalScale={2} value={perStudent} onChange={setPerStudent} w={220} />
            <TextInput
              label={t("campaigns.new.opensOn")}
              placeholder="AAAA-MM-JJ"
              value={opensOn}
              onChange={(e) => setOpensOn(e.currentTarget.value)}
              w={150}
            />
            <TextInput
              label={t("campaigns.new.closesOn")}
              placeholder="AAAA-MM-JJ"
              value={closesOn}
              onChange={(e) => setClosesOn(e.currentTarget.value)}
              w={150}
            />
          </Group>
        ) : null}
        <Group>
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={period.trim() === ""}>
            {t("campaigns.new.submit")}
          </Button>
        </Group>
        {create.isError ? <ErrorAlert error={create.error} /> : null}
      </Stack>
    </Paper>
  );
}

/** The Region loads a catalogue from a CSV file: checked line by line, written all or nothing. */
export function CatalogueImportForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const [catalogue, setCatalogue] = useState<"equipment" | "resources">("resources");
  const [csv, setCsv] = useState("");
  const send = useMutation({
    mutationFn: () => api.post<{ lines: number; created: number; updated: number }>("/catalogue/import", { regionId, catalogue, csv }),
    onSuccess: (report) => notifySuccess(t("campaigns.import.done", { created: report.created, updated: report.updated })),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="catalogue-import">
      <Stack gap="sm">
        <Title order={3} size="h4" id="catalogue-import">
          {t("campaigns.import.title")}
        </Title>
        <SegmentedControl
          value={catalogue}
          onChange={(v) => setCatalogue(v as "equipment" | "resources")}
          data={[
            { value: "resources", label: t("campaigns.new.textbooks") },
            { value: "equipment", label: t("campaigns.new.equipment") },
          ]}
        />
        <Textarea
          label={t("campaigns.import.file")}
          description={
            catalogue === "equipment"
              ? "reference;libelle;categorie;prix;garantie_ans;fournisseur;mobile"
              : "type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans"
          }
          autosize
          minRows={4}
          value={csv}
          onChange={(e) => setCsv(e.currentTarget.value)}
        />
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label={t("campaigns.import.file")}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
        <Group>
          <Button onClick={() => send.mutate()} loading={send.isPending} disabled={csv.trim() === ""}>
            {t("campaigns.import.submit")}
          </Button>
        </Group>
        {send.isError ? <ErrorAlert error={send.error} /> : null}
      </Stack>
    </Paper>
  );
}
