import { Alert, Anchor, Badge, Group, List, Stack, Table, Text } from "@mantine/core";
import { ASSET_FUNDINGS, ASSET_IMPORT_COLUMNS, ASSET_IMPORT_REQUIRED, ASSET_STATUSES, ASSET_TYPES } from "@relais/shared/inventory";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { ImportButtons, ImportIssuesTable, TableSourceFields, tableContent } from "../../../components/table-import.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type AssetImportReport, importAssets } from "../api/inventory-api.ts";

type Column = (typeof ASSET_IMPORT_COLUMNS)[number];
const HEADER = ASSET_IMPORT_COLUMNS.join(";");

/** The template: the headers and one example line a technician overwrites (a BOM so Excel reads the accents). */
const TEMPLATE = `\ufeff${HEADER}\r\n0930119Z;Vidéoprojecteur;VP-C101;Epson;EB-L210W;X5JK001234;INV-2026-0042;En service;Marché Région;2026-09-01;2031-09-01;UGAP;\r\n`;
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

/** The UAIs named by pasted CSV, to link each school's estate once imported (a file's are not read here). */
function uaisOf(csv: string): string[] {
  const [header = "", ...lines] = csv.replace(/^\ufeff/, "").split(/\r?\n/);
  const at = header
    .split(";")
    .map((c) => c.trim().toLowerCase())
    .indexOf("uai");
  if (at < 0) return [];
  return [...new Set(lines.map((l) => (l.split(";")[at] ?? "").trim().toUpperCase()).filter((u) => /^\d{7}[A-Z]$/.test(u)))];
}

/**
 * « Importer des équipements »: a spreadsheet of items that run no agent, checked line by line
 * without writing, then written all or nothing (issue 4). The columns are explained and a
 * template offered; a line that does not pass stops the whole file.
 */
export function AssetImportPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState("");
  const [result, setResult] = useState<{ report: AssetImportReport; dryRun: boolean; uais: string[] } | null>(null);
  const send = useMutation({
    mutationFn: async (dryRun: boolean) => ({ report: await importAssets(await tableContent(file, csv), dryRun), dryRun, uais: file ? [] : uaisOf(csv) }),
    onMutate: () => setResult(null),
    onSuccess: (outcome) => {
      setResult(outcome);
      if (!outcome.dryRun && outcome.report.created > 0) {
        void queryClient.invalidateQueries({ queryKey: ["inventory"] });
        notifySuccess(t("inventory.import.done", { count: outcome.report.created }));
      }
    },
  });
  const changed = () => {
    setResult(null);
    send.reset();
  };
  const empty = !file && csv.trim() === "";
  const issues = result?.report.issues ?? [];
  return (
    <>
      <PageHeader
        before={
          <AnchorLink to="/inventaire" size="sm">
            {t("inventory.back")}
          </AnchorLink>
        }
        title={t("inventory.import.title")}
        subtitle={t("inventory.import.subtitle")}
      />
      <Stack gap="md" maw={1000}>
        <ColumnsHelp />
        <Panel title={t("inventory.import.fileTitle")}>
          <Stack gap="sm">
            <TableSourceFields
              file={file}
              onFile={setFile}
              csv={csv}
              onCsv={setCsv}
              onChange={changed}
              fileLabel={t("inventory.import.pickFile")}
              fileHint={t("inventory.import.pickHint")}
              csvLabel={t("inventory.import.paste")}
              csvHint={HEADER}
            />
            <ImportButtons
              onRun={(dryRun) => send.mutate(dryRun)}
              running={send.isPending ? send.variables : undefined}
              empty={empty}
              checkLabel={t("inventory.import.check")}
              submitLabel={t("inventory.import.submit")}
            />
            {send.isError ? <ErrorAlert error={send.error} /> : null}
            {result && issues.length > 0 ? (
              <Alert color="red" variant="light" role="alert" title={t("inventory.import.refusedTitle")}>
                {t("inventory.import.refused", { lines: result.report.lines, count: issues.length })}
              </Alert>
            ) : null}
            {result && issues.length === 0 && result.dryRun ? (
              <Alert color="teal" variant="light" role="status">
                {t("inventory.import.checked", { lines: result.report.lines })}
              </Alert>
            ) : null}
            {result && issues.length === 0 && !result.dryRun ? <ImportDone created={result.report.created} uais={result.uais} /> : null}
            <ImportIssuesTable issues={issues} />
          </Stack>
        </Panel>
      </Stack>
    </>
  );
}

function ImportDone({ created, uais }: { created: number; uais: string[] }) {
  const { t } = useI18n();
  return (
    <Alert color="green" variant="light" role="status" title={t("inventory.import.done", { count: created })}>
      <Stack gap="xs">
        <Text size="sm">{t("inventory.import.doneHint")}</Text>
        {uais.length > 0 ? (
          <List size="sm">
            {uais.map((uai) => (
              <List.Item key={uai}>
                <AnchorLink to="/inventaire/etablissements/$school" params={{ school: uai }}>
                  {t("inventory.import.estateOf", { uai })}
                </AnchorLink>
              </List.Item>
            ))}
          </List>
        ) : null}
        <Group>
          <ButtonLink to="/inventaire" size="compact-sm" variant="light">
            {t("inventory.import.seeList")}
          </ButtonLink>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Each column, whether it is required and what it takes; the template to start from. */
function ColumnsHelp() {
  const { t, language } = useI18n();
  const examples = (catalogue: Record<string, { fr: string; en: string }>, n: number) =>
    Object.values(catalogue)
      .slice(0, n)
      .map((l) => l[language])
      .join(", ");
  const meaning: Record<Column, string> = {
    uai: t("inventory.import.col.uai"),
    type: t("inventory.import.col.type", { examples: examples(ASSET_TYPES, 15) }),
    nom: t("inventory.import.col.nom"),
    fabricant: t("inventory.import.col.fabricant"),
    modele: t("inventory.import.col.modele"),
    numero_serie: t("inventory.import.col.numero_serie"),
    numero_inventaire: t("inventory.import.col.numero_inventaire"),
    statut: t("inventory.import.col.statut", { examples: examples(ASSET_STATUSES, 9) }),
    financement: t("inventory.import.col.financement", { examples: examples(ASSET_FUNDINGS, 4) }),
    date_achat: t("inventory.import.col.date"),
    fin_garantie: t("inventory.import.col.fin_garantie"),
    fournisseur: t("inventory.import.col.fournisseur"),
    emprunteur_email: t("inventory.import.col.emprunteur_email"),
  };
  const required = new Set<string>(ASSET_IMPORT_REQUIRED);
  return (
    <Panel
      title={t("inventory.import.columnsTitle")}
      headingId="asset-import-columns"
      actions={
        <Anchor href={TEMPLATE_HREF} download="modele-import-equipements.csv" size="sm">
          <Group gap={4} component="span">
            <IconDownload size={16} aria-hidden />
            {t("inventory.import.template")}
          </Group>
        </Anchor>
      }
    >
      <Text size="sm" mb="sm">
        {t("inventory.import.columnsHint")}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing={4} aria-labelledby="asset-import-columns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("inventory.import.column")}</Table.Th>
              <Table.Th scope="col">{t("inventory.import.meaning")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ASSET_IMPORT_COLUMNS.map((column) => (
              <Table.Tr key={column}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Text span ff="monospace" size="sm">
                    {column}
                  </Text>
                  {required.has(column) ? (
                    <Badge ml="xs" size="sm" variant="light" color="red">
                      {t("inventory.import.required")}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{meaning[column]}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Panel>
  );
}
