import { strToU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "../src/errors.ts";
import { readTableFile } from "../src/lib/table-file.ts";
import { readXlsx, toXlsx, XLSX_LIMITS, XlsxError } from "../src/lib/xlsx.ts";
import { setDeclaredSize, workbookParts, zipBomb, zipOf } from "./xlsx-fixtures.ts";

/** The XLSX writer and reader (lib/xlsx.ts, ADR 0007) and how imports tell XLSX from CSV (lib/table-file.ts). */
type Row = { name: string; count: number; at: Date | null; day: string | null; ok: boolean; price: string };
const columns = [
  { header: "Nom", value: (r: Row) => r.name },
  { header: "Nombre", value: (r: Row) => r.count },
  { header: "Reçu le", value: (r: Row) => r.at },
  { header: "Fin de garantie", value: (r: Row) => r.day },
  { header: "Pris en charge", value: (r: Row) => r.ok },
  { header: "Montant (€)", value: (r: Row) => r.price },
];
const text = (bytes: Uint8Array, part: string) => new TextDecoder().decode(unzipSync(bytes)[part]);

describe("writing one sheet", () => {
  const rows: Row[] = [
    { name: "Lycée <Hugo> & « Co »", count: 12.5, at: new Date("2026-03-01T10:00:00Z"), day: "2026-07-14", ok: true, price: "1 234,50" },
    { name: '=HYPERLINK("x")\u0001 _x0041_', count: -3, at: null, day: null, ok: false, price: "0,00" },
  ];
  const bytes = toXlsx(rows, columns, { sheetName: "tickets [2026]" });

  it("reads back the same cells: numbers, dates in Paris time, oui/non, money as the CSV writes it", () => {
    expect(readXlsx(bytes)).toEqual([
      { line: 1, cells: ["Nom", "Nombre", "Reçu le", "Fin de garantie", "Pris en charge", "Montant (€)"] },
      { line: 2, cells: ["Lycée <Hugo> & « Co »", "12.5", "2026-03-01T11:00:00", "2026-07-14", "oui", "1 234,50"] },
      { line: 3, cells: ['=HYPERLINK("x")\u0001 _x0041_', "-3", "", "", "non", "0,00"] },
    ]);
  });

  it("types the cells: numbers and dates as numbers with a date style, text inline (never a formula), a bold frozen header, widths", () => {
    const sheet = text(bytes, "xl/worksheets/sheet1.xml");
    expect(sheet).toContain('<c r="B2"><v>12.5</v></c>');
    expect(sheet).toMatch(/<c r="C2" s="3"><v>46082\.458333/);
    expect(sheet).toContain('<c r="D2" s="2"><v>46217</v></c>');
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr">');
    expect(sheet).not.toContain("<f>");
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toMatch(/<col min="1" max="1" width="\d+" customWidth="1"\/>/);
    expect(sheet).toContain("_x0001_");
    expect(text(bytes, "xl/styles.xml")).toMatch(/<font><b\/>/);
    expect(text(bytes, "xl/workbook.xml")).toContain('name="tickets  2026"');
  });

  it("writes an empty list as its header row alone", () => {
    expect(readXlsx(toXlsx([], columns, { sheetName: "vide" }))).toEqual([{ line: 1, cells: columns.map((c) => c.header) }]);
  });
});

describe("reading what other software writes", () => {
  it("takes the first sheet through the workbook's relationships, shared strings with rich runs, booleans, and dates from styles", () => {
    const bytes = zipOf(
      workbookParts({
        sharedStrings: ["<t>uai</t>", "<t>nom</t>", "<r><t>Lycée </t></r><r><rPr><b/></rPr><t>Curie</t></r><rPh><t>ふりがな</t></rPh>", "<t>achat</t>"],
        styles:
          '<numFmts><numFmt numFmtId="170" formatCode="[$-40C]d\\ mmmm\\ yyyy"/><numFmt numFmtId="171" formatCode="#,##0.00\\ &quot;€&quot;"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/><xf numFmtId="14"/><xf numFmtId="171"/></cellXfs>',
        sheet:
          '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="D2" t="s"><v>3</v></c></row>' +
          '<row r="3" spans="1:4"><c r="A3" t="str"><v>0750001A</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="1"><v>44440</v></c><c r="E3" s="3"><v>12.300000000000001</v></c></row>' +
          '<row r="5"><c r="A5"/><c r="B5" t="inlineStr"><is><t> </t></is></c></row>' +
          '<row r="6"><c r="A6" s="2"><v>45351.34375</v></c></row>',
      }),
    );
    expect(readXlsx(bytes)).toEqual([
      { line: 2, cells: ["uai", "nom", "", "achat"] },
      { line: 3, cells: ["0750001A", "Lycée Curie", "oui", "2021-09-01", "12.3"] },
      { line: 6, cells: ["2024-02-29T08:15:00"] },
    ]);
  });

  it("counts days from 1904 when the workbook says so", () => {
    const bytes = zipOf(
      workbookParts({
        workbookPr: '<x:workbookPr date1904="1"/>',
        styles: '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
        sheet: '<row r="1"><c r="A1" s="1"><v>42978</v></c></row>',
      }),
    );
    expect(readXlsx(bytes)).toEqual([{ line: 1, cells: ["2021-09-01"] }]);
  });
});

describe("refusing hostile or broken files, with a French reason", () => {
  const refused = (bytes: Uint8Array) => {
    try {
      readXlsx(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(XlsxError);
      return (error as Error).message;
    }
    throw new Error("accepted");
  };

  it("refuses a DOCTYPE, an entity declaration or an unknown entity (no expansion, no external resource)", () => {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>';
    expect(refused(zipOf(workbookParts({ sheetPrologue: lol, sheet: '<row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row>' })))).toMatch(/DOCTYPE/);
    const external = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    expect(refused(zipOf(workbookParts({ sheetPrologue: external, sheet: "" })))).toMatch(/DOCTYPE ou ENTITY refusée/);
    expect(refused(zipOf(workbookParts({ sheet: '<row r="1"><c t="inlineStr"><is><t>&nbsp;</t></is></c></row>' })))).toMatch(/entité XML « nbsp » refusée/);
  });

  it("stops a zip bomb at the cap, whether its sizes are honest or forged", () => {
    const megabytes = XLSX_LIMITS.partBytes / 1024 / 1024 + 4;
    const honest = zipBomb(megabytes);
    expect(honest.length).toBeLessThan(1024 * 1024);
    expect(refused(honest)).toBe("contenu décompressé trop volumineux");
    const forged = new Uint8Array(honest);
    setDeclaredSize(forged, "xl/worksheets/data.xml", 1000);
    expect(refused(forged)).toBe("contenu décompressé trop volumineux");
  });

  it("refuses a truncated archive, a ZIP that holds no workbook, and a sheet too wide", () => {
    const good = toXlsx([{ name: "x" }], [{ header: "Nom", value: (r: { name: string }) => r.name }], { sheetName: "x" });
    expect(refused(good.subarray(0, good.length - 30))).toMatch(/ZIP/);
    expect(refused(good.subarray(0, 200))).toMatch(/ZIP/);
    const corrupted = new Uint8Array(good);
    corrupted.fill(0x41, 120, 400);
    expect(refused(corrupted)).toBeTruthy();
    expect(refused(zipOf({ "notes.txt": strToU8("bonjour") }))).toMatch(/pas un classeur Excel/);
    expect(refused(zipOf(workbookParts({ sheet: '<row r="1"><c r="AAA1"><v>1</v></c></row>' })))).toMatch(/plus de 512 colonnes/);
  });
});

describe("telling XLSX from CSV by the bytes, not the name", () => {
  const csvBytes = (s: string) => new TextEncoder().encode(s);

  it("reads a workbook's rows with the sheet's line numbers, every line as wide as the header", () => {
    const bytes = zipOf(
      workbookParts({
        sheet:
          '<row r="1"><c r="A1" t="inlineStr"><is><t>uai</t></is></c><c r="B1" t="inlineStr"><is><t>type</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t> 0750001A </t></is></c></row>',
      }),
    );
    expect(readTableFile(bytes)).toEqual({
      ok: true,
      format: "xlsx",
      records: [
        { line: 1, record: ["uai", "type"] },
        { line: 4, record: ["0750001A", ""] },
      ],
    });
  });

  it("reads other bytes as CSV, UTF-8 or the Windows-1252 of older spreadsheets", () => {
    expect(readTableFile(csvBytes("\uFEFFuai;nom\n\n0750001A;Lycée\n"))).toEqual({
      ok: true,
      format: "csv",
      records: [
        { line: 1, record: ["uai", "nom"] },
        { line: 3, record: ["0750001A", "Lycée"] },
      ],
    });
    const latin1 = new Uint8Array([0x6e, 0x6f, 0x6d, 0x0a, 0x4c, 0x79, 0x63, 0xe9, 0x65]);
    expect(readTableFile(latin1)).toMatchObject({ ok: true, records: [{ record: ["nom"] }, { record: ["Lycée"] }] });
    expect(readTableFile('a;b\n"x;y\n')).toMatchObject({ ok: false, message: expect.stringContaining("guillemet") });
  });

  it("answers a French 400 for a broken workbook or an old .xls, whatever the file is called", () => {
    for (const bytes of [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])]) {
      try {
        readTableFile(bytes);
        throw new Error("accepted");
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(400);
        expect((error as AppError).message).toMatch(/^Fichier illisible : .+ Rien n'a été importé\./);
      }
    }
  });
});
