import { Button, FileInput, Group, Table, Text, Textarea } from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { useI18n } from "../lib/i18n/i18n.tsx";

/**
 * The parts every spreadsheet import shares (catalogue, inventory): a file (.xlsx or .csv) or
 * pasted CSV, sent as the API's `file` (base64 bytes) or `csv` field, and the table of the
 * lines to fix, each with its line, column and message.
 */

export type ImportIssue = { line: number; column: string | null; message: string };

/** What the file picker suggests; the server reads the type from the bytes whatever the name says. */
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file's bytes in base64, as the imports' `file` field takes them. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The import's content field: the picked file wins over the pasted text. */
export async function tableContent(file: File | null, csv: string): Promise<{ file: string } | { csv: string }> {
  return file ? { file: await readAsBase64(file) } : { csv };
}

/** A file picker, and a text area for pasted CSV (disabled while a file is picked); `onChange` follows either. */
export function TableSourceFields(props: {
  file: File | null;
  onFile: (file: File | null) => void;
  csv: string;
  onCsv: (csv: string) => void;
  onChange: () => void;
  fileLabel: string;
  fileHint: string;
  csvLabel: string;
  csvHint: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <FileInput
        clearable
        label={props.fileLabel}
        description={props.fileHint}
        placeholder={t("import.pickPlaceholder")}
        accept={ACCEPT}
        leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
        value={props.file}
        onChange={(file) => {
          props.onFile(file);
          props.onChange();
        }}
      />
      <Textarea
        label={props.csvLabel}
        description={props.csvHint}
        autosize
        minRows={3}
        disabled={props.file !== null}
        value={props.csv}
        onChange={(e) => {
          props.onCsv(e.currentTarget.value);
          props.onChange();
        }}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
      />
    </>
  );
}

/** Check without writing, or import: `running` is the dry-run flag of the request under way, if any. */
export function ImportButtons(props: {
  onRun: (dryRun: boolean) => void;
  running: boolean | undefined;
  empty: boolean;
  checkLabel: string;
  submitLabel: string;
}) {
  return (
    <Group>
      <Button variant="default" onClick={() => props.onRun(true)} loading={props.running === true} disabled={props.empty}>
        {props.checkLabel}
      </Button>
      <Button onClick={() => props.onRun(false)} loading={props.running === false} disabled={props.empty}>
        {props.submitLabel}
      </Button>
    </Group>
  );
}

/** The lines to fix, in the order of the file. */
export function ImportIssuesTable({ issues }: { issues: ImportIssue[] }) {
  const { t } = useI18n();
  if (issues.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={420} mah={320}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{t("import.issues", { count: issues.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("import.line")}</Table.Th>
            <Table.Th scope="col">{t("import.column")}</Table.Th>
            <Table.Th scope="col">{t("import.problem")}</Table.Th>
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
  );
}
