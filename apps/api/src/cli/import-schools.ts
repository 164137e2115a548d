import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import type { Ctx } from "../context.ts";
import type { TableContent } from "../lib/table-file.ts";
import { importSchools, type SchoolsImportReport } from "../modules/organisation/schools-import.service.ts";

/**
 * `relais import-schools FILE --region CODE`: reads the file, runs the import with a progress
 * bar on stderr (stdout keeps the report, so it can be redirected to a file), prints the report.
 * Returns the exit code: 1 when a line is wrong (then nothing was written).
 */
export async function runImportSchools(
  ctx: Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip">,
  input: { file: string; regionCode: string; dryRun: boolean; schoolYear?: string },
): Promise<number> {
  const content = readSchoolsFile(input.file);
  const bar = new cliProgress.SingleBar(
    { format: "Écriture |{bar}| {value}/{total} établissements", stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    const report = await importSchools(ctx, {
      regionCode: input.regionCode,
      content,
      dryRun: input.dryRun,
      ...(input.schoolYear ? { schoolYear: input.schoolYear } : {}),
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    if (started) bar.stop();
    console.log(formatImportReport(report, input.dryRun).join("\n"));
    return report.issues.length > 0 ? 1 : 0;
  } catch (error) {
    if (started) bar.stop();
    throw error;
  }
}

export class ImportFileError extends Error {}

/** The file's bytes when it is a workbook (read from its bytes), its UTF-8 text otherwise. */
function readSchoolsFile(file: string): TableContent {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFileError(code === "ENOENT" ? `Fichier introuvable : ${file}` : `Lecture impossible de ${file} : ${(error as Error).message}`);
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = bytes.toString("utf8");
  // A spreadsheet's "CSV" export is often Windows-1252: accents would arrive garbled.
  if (text.includes("\uFFFD"))
    throw new ImportFileError(
      `${file} n'est pas encodé en UTF-8 : dans le tableur, enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) » ou en .xlsx.`,
    );
  return text;
}

export function formatImportReport(report: SchoolsImportReport, dryRun: boolean): string[] {
  const lines = [
    `Format : ${report.format === "depp" ? "fichier DEPP des lycées" : "format simple (uai;nom;type;…)"}`,
    `Région : ${report.regionName} · année scolaire des effectifs : ${report.schoolYear}`,
  ];
  const skipped = [
    report.skipped.private ? `${report.skipped.private} lycée(s) privé(s)` : null,
    report.skipped.otherRegion ? `${report.skipped.otherRegion} d'une autre région` : null,
  ].filter(Boolean);
  if (skipped.length > 0) lines.push(`Lignes ignorées : ${skipped.join(", ")}.`);
  if (report.schoolCount === 0 && report.skipped.otherRegion > 0) {
    lines.push(`Aucune ligne pour « ${report.regionName} ». Régions présentes dans le fichier : ${report.regionsInFile.join(", ")}.`);
  }
  if (report.issues.length > 0) {
    lines.push("", `${report.issues.length} erreur(s) : rien n'a été importé. Corrigez le fichier puis relancez la commande.`);
    for (const issue of report.issues) lines.push(`  ligne ${issue.line}${issue.column ? `, colonne ${issue.column}` : ""} : ${issue.message}`);
    return lines;
  }
  if (report.schoolCount === 0) {
    lines.push("Rien à importer.");
    return lines;
  }
  const [created, updated] = dryRun ? ["à créer", "à mettre à jour"] : ["créé(s)", "mis à jour"];
  const counts = `${report.schoolCount} établissement(s) : ${report.created} ${created}, ${report.updated} ${updated}, ${report.unchanged} inchangé(s).`;
  lines.push(dryRun ? `Simulation (--dry-run), rien n'a été écrit. ${counts}` : `Import terminé. ${counts}`);
  return lines;
}
