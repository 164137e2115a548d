import { Alert, SegmentedControl, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { ImportButtons, type ImportIssue, ImportIssuesTable, TableSourceFields, tableContent } from "../../../components/table-import.tsx";
import { ApiError, api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";

type Report = { lines: number; created: number; updated: number; written: boolean };

const HEADERS = {
  equipment: "reference;libelle;categorie;prix;garantie_ans;fournisseur;mobile",
  resources: "type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans",
};

/**
 * The Region loads a catalogue from a spreadsheet (XLSX as saved, or CSV) or pasted CSV: checked
 * first without writing, every wrong cell listed with its line and column, then written all or
 * nothing (issue 5).
 */
export function CatalogueImportForm({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const [catalogue, setCatalogue] = useState<"equipment" | "resources">("resources");
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState("");
  const [checked, setChecked] = useState<Report | null>(null);
  const send = useMutation({
    mutationFn: async (dryRun: boolean) => {
      return api.post<Report>("/catalogue/import", { regionId, catalogue, dryRun, ...(await tableContent(file, csv)) });
    },
    onMutate: () => setChecked(null),
    onSuccess: (report) => {
      if (report.written) notifySuccess(t("campaigns.import.done", { created: report.created, updated: report.updated }));
      else setChecked(report);
    },
  });
  const issues = send.error instanceof ApiError && Array.isArray(send.error.problem.issues) ? (send.error.problem.issues as ImportIssue[]) : [];
  const changed = () => {
    setChecked(null);
    send.reset();
  };
  const empty = !file && csv.trim() === "";
  return (
    <Panel title={t("campaigns.import.title")} order={3}>
      <Stack gap="sm">
        <SegmentedControl
          value={catalogue}
          onChange={(v) => {
            setCatalogue(v as "equipment" | "resources");
            changed();
          }}
          data={[
            { value: "resources", label: t("campaigns.new.textbooks") },
            { value: "equipment", label: t("campaigns.new.equipment") },
          ]}
        />
        <TableSourceFields
          file={file}
          onFile={setFile}
          csv={csv}
          onCsv={setCsv}
          onChange={changed}
          fileLabel={t("campaigns.import.pickFile")}
          fileHint={t("campaigns.import.pickHint")}
          csvLabel={t("campaigns.import.file")}
          csvHint={HEADERS[catalogue]}
        />
        <ImportButtons
          onRun={(dryRun) => send.mutate(dryRun)}
          running={send.isPending ? send.variables : undefined}
          empty={empty}
          checkLabel={t("campaigns.import.check")}
          submitLabel={t("campaigns.import.submit")}
        />
        {checked ? (
          <Alert color="teal" variant="light" role="status">
            {t("campaigns.import.checked", { lines: checked.lines, created: checked.created, updated: checked.updated })}
          </Alert>
        ) : null}
        {send.isError ? <ErrorAlert error={send.error} /> : null}
        <ImportIssuesTable issues={issues} />
      </Stack>
    </Panel>
  );
}
