import { INTERVENTION_KINDS, INTERVENTION_STATUSES } from "@relais/shared/interventions";
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatMinutes, formatParis } from "./interventions.service.ts";

/**
 * The intervention report as a PDF (A4, Helvetica). The standard fonts speak WinAnsi
 * (Windows-1252): é, è, à, ç, œ, « », € are there; anything else is written as its letter
 * without accent when it has one (ā → a), a space for the odd spaces, or "?".
 */
export function toWinAnsi(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  let out = "";
  for (const char of text.replace(/\r\n?/g, "\n")) {
    const code = char.codePointAt(0) as number;
    if (char === "\n" || supported.has(code)) {
      out += char;
      continue;
    }
    if (/\s/u.test(char)) {
      out += " ";
      continue;
    }
    const base = char.normalize("NFD").replace(/\p{M}/gu, "");
    out += [...base].every((c) => supported.has(c.codePointAt(0) as number)) && base.length > 0 ? base : "?";
  }
  return out;
}

export type ReportData = {
  regionName: string;
  schoolName: string;
  schoolUai: string;
  schoolCommune: string;
  ticketNumber: string | null;
  ticketTitle: string | null;
  kind: string;
  status: string;
  technicianName: string;
  organisationName: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeSpentMinutes: number | null;
  doneAt: Date | null;
  report: string | null;
  certifiedByName: string | null;
  certifiedAt: Date | null;
  certificationComment: string | null;
  id: string;
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.38, 0.4, 0.45);

/** Breaks a paragraph into lines that fit a width. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A word longer than the line is cut.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

export async function interventionReportPdf(data: ReportData, issuedAt: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Rapport d'intervention${data.ticketNumber ? ` — ${data.ticketNumber}` : ""}`);
  pdf.setAuthor(data.regionName);
  pdf.setProducer("Relais");
  pdf.setCreationDate(issuedAt);
  pdf.setLanguage("fr-FR");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPageIfNeeded = (height: number) => {
    if (y - height >= MARGIN + 20) return;
    page = pdf.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const write = (text: string, options: { font?: PDFFont; size?: number; color?: typeof INK; gap?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 10.5;
    for (const line of wrap(toWinAnsi(text, font), font, size, width)) {
      newPageIfNeeded(size * 1.45);
      page.drawText(line, { x: MARGIN, y: y - size, size, font, color: options.color ?? INK });
      y -= size * 1.45;
    }
    y -= options.gap ?? 0;
  };
  const field = (label: string, value: string) => {
    const size = 10.5;
    const labelWidth = 150;
    const lines = wrap(toWinAnsi(value, regular), regular, size, width - labelWidth);
    newPageIfNeeded(size * 1.45 * lines.length);
    page.drawText(toWinAnsi(label, bold), { x: MARGIN, y: y - size, size, font: bold, color: MUTED });
    for (const line of lines) {
      page.drawText(line, { x: MARGIN + labelWidth, y: y - size, size, font: regular, color: INK });
      y -= size * 1.45;
    }
  };
  const rule = () => {
    y -= 6;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.6, color: MUTED });
    y -= 12;
  };

  write(data.regionName, { size: 10, color: MUTED });
  write("Rapport d'intervention", { font: bold, size: 20, gap: 4 });
  write(data.ticketNumber ? `Ticket ${data.ticketNumber} — ${data.ticketTitle ?? ""}` : "Maintenance préventive", { size: 12, gap: 4 });
  rule();
  field("Établissement", `${data.schoolName} (UAI ${data.schoolUai}), ${data.schoolCommune}`);
  field("Nature", INTERVENTION_KINDS[data.kind as keyof typeof INTERVENTION_KINDS]?.fr ?? data.kind);
  field("Technicien", data.organisationName ? `${data.technicianName} (${data.organisationName})` : data.technicianName);
  field("Date", formatParis(data.startsAt));
  field("Durée prévue", formatMinutes(data.durationMinutes));
  field("Temps passé", data.timeSpentMinutes === null ? "—" : formatMinutes(data.timeSpentMinutes));
  field("Réalisée le", data.doneAt ? formatParis(data.doneAt) : "—");
  field("Statut", INTERVENTION_STATUSES[data.status as keyof typeof INTERVENTION_STATUSES]?.fr ?? data.status);
  rule();
  write("Compte rendu", { font: bold, size: 12, gap: 2 });
  write(data.report ?? "Intervention non encore réalisée : pas de compte rendu.", { gap: 6 });
  rule();
  write("Attestation de service fait", { font: bold, size: 12, gap: 2 });
  if (data.certifiedAt && data.certifiedByName) {
    const verb = data.status === "disputed" ? "Contestée par" : "Service fait attesté par";
    write(`${verb} ${data.certifiedByName}, le ${formatParis(data.certifiedAt)}.`);
    if (data.certificationComment) write(`Commentaire : « ${data.certificationComment} »`);
  } else {
    write("En attente de l'attestation du coordonnateur numérique ou du chef d'établissement.");
  }

  const pages = pdf.getPages();
  pages.forEach((p, index) => {
    const footer = toWinAnsi(`Édité par Relais le ${formatParis(issuedAt)} — intervention ${data.id} — page ${index + 1}/${pages.length}`, regular);
    p.drawText(footer, { x: MARGIN, y: MARGIN / 2, size: 8, font: regular, color: MUTED });
  });
  return pdf.save();
}
