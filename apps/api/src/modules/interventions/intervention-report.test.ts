import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { interventionReportPdf, toWinAnsi } from "./intervention-report.ts";

describe("intervention report text (WinAnsi)", () => {
  it("keeps what WinAnsi holds and replaces the rest", async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(toWinAnsi("é è à ç œ Œ « » € — … ’", font)).toBe("é è à ç œ Œ « » € — … ’");
    // Macron and ogonek letters lose their accent; narrow no-break space becomes a space; the rest "?".
    expect(toWinAnsi("ā ą 12\u202F€ 🔥 中", font)).toBe("a a 12 € ? ?");
    expect(toWinAnsi("ligne 1\r\nligne 2", font)).toBe("ligne 1\nligne 2");
  });

  it("writes a long report over a second page and numbers the pages", async () => {
    const bytes = await interventionReportPdf(
      {
        id: "00000000-0000-4000-8000-000000000001",
        regionName: "Région Île-de-France",
        schoolName: "Lycée Hélène-Boucher",
        schoolUai: "0750000A",
        schoolCommune: "Paris",
        ticketNumber: "IDF-2026-000042",
        ticketTitle: "Vidéoprojecteur",
        kind: "on_site",
        status: "done",
        technicianName: "Camille Moreau",
        organisationName: "SPIE",
        startsAt: new Date("2026-11-24T08:00:00Z"),
        durationMinutes: 90,
        timeSpentMinutes: 75,
        doneAt: new Date("2026-11-24T10:00:00Z"),
        report: "Lampe changée, filtre nettoyé. ".repeat(220),
        certifiedByName: null,
        certifiedAt: null,
        certificationComment: null,
      },
      new Date("2026-11-25T09:00:00Z"),
    );
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(2);
    expect(pdf.getTitle()).toBe("Rapport d'intervention — IDF-2026-000042");
  });
});
