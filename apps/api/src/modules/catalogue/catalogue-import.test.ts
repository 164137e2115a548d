import { describe, expect, it } from "vitest";
import { parseEquipmentTable, parseResourcesTable } from "./catalogue-import.ts";

describe("catalogue CSV", () => {
  it("reads equipment lines, prices in euros to cents", () => {
    const parsed = parseEquipmentTable(
      "\uFEFFReference;Libellé;Catégorie;Prix;Garantie_ans;Fournisseur;Mobile\nPC-1;Poste fixe i5;desktop;649,90;5;SCC;non\nTAB-1;Tablette 10 pouces;tablet;329;3;Unowhy;oui\n",
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.items).toMatchObject([
      { line: 2, reference: "PC-1", category: "desktop", unitPriceCents: 64_990, warrantyYears: 5, isMobile: false },
      { line: 3, reference: "TAB-1", unitPriceCents: 32_900, isMobile: true },
    ]);
  });

  it("reports every broken line with its column, a server included", () => {
    const parsed = parseEquipmentTable(
      "reference;libelle;categorie;prix;garantie_ans;fournisseur\nSRV-1;Serveur rack;serveur;2000;5;ATOS\nPC-2;Poste;desktop;12,345;5;SCC\nPC-3;Poste fixe;desktop;500;2;SCC\nPC-4;Poste fixe;desktop;500;4;SCC\nPC-4;Poste fixe bis;desktop;500;4;SCC\n",
    );
    expect(parsed.issues.map((i) => [i.line, i.column])).toEqual([
      [2, "categorie"],
      [3, "prix"],
      [4, "garantie_ans"],
      [6, "reference"],
    ]);
    expect(parsed.issues[0]!.message).toContain("demande d'évolution");
    expect(parsed.items.map((i) => i.reference)).toEqual(["PC-4"]);
  });

  it("names missing columns and refuses an empty file", () => {
    expect(parseEquipmentTable("reference;libelle\nX;Y\n").issues[0]!.message).toContain("Colonnes manquantes : categorie, prix, garantie_ans, fournisseur");
    expect(parseEquipmentTable("").issues[0]!.message).toContain("vide");
    expect(parseResourcesTable('type;ean;titre;editeur;discipline;prix\n"oops;1\n').issues[0]!.message).toContain("illisible");
  });

  it("reads textbooks and resources, checking the EAN and the licence", () => {
    const parsed = parseResourcesTable(
      "type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans\ndigital_textbook;978-2-09-172545-1;Maths 2de;Nathan;Mathématiques;general;2de;9,00;1\npaper_textbook;9782091725452;Histoire 1re;Hatier;Histoire;general;1re;24,50;\ndigital_resource;0-306-40615-2;Atlas;Lelivrescolaire;Géographie;;;3;\nfree_copublished;9780306406157;Lettres 2de;Région et académies;Lettres;general;2de;0;\n",
    );
    expect(parsed.items.map((i) => [i.line, i.ean, i.priceCents])).toEqual([
      [2, "9782091725451", 900],
      [5, "9780306406157", 0],
    ]);
    expect(parsed.issues.map((i) => [i.line, i.column])).toEqual([
      [3, "ean"],
      [4, "duree_licence_ans"],
    ]);
    // Line 5 is the ISBN-13 of line 4's ISBN-10, but line 4 was refused: it is not a duplicate.
    expect(parsed.issues.length).toBe(2);
  });
});
