import { Alert, Button, FileInput, Group, Paper, SegmentedControl, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { ApiError, api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";

type Report = { lines: number; created: number; updated: number; written: boolean };
type Issue = { line: number; column: string | null; message: string };

/** What the file picker suggests; the server reads the type from the bytes whatever the name says. */
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADERS = {
  equipment: "reference;libelle;categorie;prix;garantie_ans;fournisseur;mobile",
  resources: "type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans",
};

/** The file's bytes in base64, as the import's `file` field takes them. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

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
      const content = file ? { file: await readAsBase64(file) } : { csv };
      return api.post<Report>("/catalogue/import", { regionId, catalogue, dryRun, ...content });
    },
    onMutate: () => setChecked(null),
    onSuccess: (report) => {
      if (report.written) notifySuccess(t("campaigns.import.done", { created: report.created, updated: report.updated }));
      else setChecked(report);
    },
  });
  const issues = send.error instanceof ApiError && Array.isArray(send.error.problem.issues) ? (send.error.problem.issues as Issue[]) : [];
  const changed = () => {
    setChecked(null);
    send.reset();
  };
  const empty = !file && csv.trim() === "";
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="catalogue-import">
      <Stack gap="sm">
        <Title order={3} size="h4" id="catalogue-import">
          {t("campaigns.import.title")}
        </Title>
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
        <FileInput
          clearable
          label={t("campaigns.import.pickFile")}
          description={t("campaigns.import.pickHint")}
          placeholder={t("campaigns.import.pickPlaceholder")}
          accept={ACCEPT}
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
          value={file}
          onChange={(picked) => {
            setFile(picked);
            changed();
          }}
        />
        <Textarea
          label={t("campaigns.import.file")}
          description={HEADERS[catalogue]}
          autosize
          minRows={3}
          disabled={file !== null}
          value={csv}
          onChange={(e) => {
            setCsv(e.currentTarget.value);
            changed();
          }}
        />
        <Group>
          <Button variant="default" onClick={() => send.mutate(true)} loading={send.isPending && send.variables === true} disabled={empty}>
            {t("campaigns.import.check")}
          </Button>
          <Button onClick={() => send.mutate(false)} loading={send.isPending && send.variables === false} disabled={empty}>
            {t("campaigns.import.submit")}
          </Button>
        </Group>
        {checked ? (
          <Alert color="teal" variant="light" role="status">
            {t("campaigns.import.checked", { lines: checked.lines, created: checked.created, updated: checked.updated })}
          </Alert>
        ) : null}
        {send.isError ? <ErrorAlert error={send.error} /> : null}
        {issues.length > 0 ? (
          <Table.ScrollContainer minWidth={420} mah={320}>
            <Table striped withTableBorder captionSide="top">
              <Table.Caption>{t("campaigns.import.issues", { count: issues.length })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("campaigns.import.line")}</Table.Th>
                  <Table.Th scope="col">{t("campaigns.import.column")}</Table.Th>
                  <Table.Th scope="col">{t("campaigns.import.problem")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {issues.map((issue) => (
                  <Table.Tr key={`${issue.line}-${issue.column}-${issue.message}`}>
                    <Table.Td>{issue.line}</Table.Td>
                    <Table.Td>{issue.column ?? "—"}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{issue.message}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Paper>
  );
}
