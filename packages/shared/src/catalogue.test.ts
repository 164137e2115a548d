import { describe, expect, it } from "vitest";
import { EquipmentItemInputSchema, ResourceItemInputSchema, SERVER_REFUSAL } from "./catalogue.ts";

const laptop = {
  reference: "PC-PORT-14",
  label: "Ordinateur portable 14 pouces",
  category: "laptop",
  unitPriceCents: 65_000,
  warrantyYears: 4,
  supplier: "SCC",
  isMobile: true,
};
const textbook = {
  kind: "digital_textbook",
  ean: "9782091725451",
  title: "Mathématiques 2de",
  publisher: "Nathan",
  subject: "Mathématiques",
  track: "general",
  level: "2de",
  priceCents: 900,
  licenceYears: 1,
};

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message) ?? [];

describe("catalogue items", () => {
  it("accept an equipment item with a 3 to 5-year warranty", () => {
    expect(EquipmentItemInputSchema.safeParse(laptop).success).toBe(true);
    expect(messages(EquipmentItemInputSchema.safeParse({ ...laptop, warrantyYears: 2 }))).toEqual(["Garantie de 3 ans au moins (seed : 3 à 5 ans)."]);
    expect(EquipmentItemInputSchema.safeParse({ ...laptop, warrantyYears: 6 }).success).toBe(false);
    expect(EquipmentItemInputSchema.safeParse({ ...laptop, unitPriceCents: 10.5 }).success).toBe(false);
  });

  it("refuse a server, pointing to an evolution request", () => {
    for (const category of ["server", "Serveur", "serveurs"])
      expect(messages(EquipmentItemInputSchema.safeParse({ ...laptop, category }))).toEqual([SERVER_REFUSAL]);
    expect(messages(EquipmentItemInputSchema.safeParse({ ...laptop, category: "toaster" }))[0]).toContain("Catégorie inconnue");
  });

  it("check a textbook's EAN and store an ISBN-10 as its ISBN-13", () => {
    expect(ResourceItemInputSchema.parse(textbook).ean).toBe("9782091725451");
    expect(ResourceItemInputSchema.parse({ ...textbook, ean: "0-306-40615-2" }).ean).toBe("9780306406157");
    expect(messages(ResourceItemInputSchema.safeParse({ ...textbook, ean: "9782091725452" }))[0]).toContain("clé de contrôle");
  });

  it("price what is sold, and nothing for free and region-wide resources", () => {
    expect(ResourceItemInputSchema.safeParse({ ...textbook, kind: "free_copublished", priceCents: 0, licenceYears: null }).success).toBe(true);
    expect(messages(ResourceItemInputSchema.safeParse({ ...textbook, kind: "region_wide", priceCents: 100 }))[0]).toContain("gratuit");
    expect(messages(ResourceItemInputSchema.safeParse({ ...textbook, priceCents: 0 }))[0]).toContain("Indiquez le prix");
  });

  it("need a licence duration for digital kinds, and none for paper", () => {
    expect(messages(ResourceItemInputSchema.safeParse({ ...textbook, licenceYears: null }))[0]).toContain("durée de la licence");
    expect(messages(ResourceItemInputSchema.safeParse({ ...textbook, kind: "paper_textbook", licenceYears: 1 }))[0]).toContain("papier");
    expect(ResourceItemInputSchema.safeParse({ ...textbook, kind: "paper_textbook", licenceYears: null, priceCents: 2_450 }).success).toBe(true);
  });
});
