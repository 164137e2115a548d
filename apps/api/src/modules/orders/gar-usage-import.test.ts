import { describe, expect, it } from "vitest";
import { eanInResourceId, parseGarUsageTable } from "./gar-usage-import.ts";

const header = "UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant;dateDebut";

describe("GAR allocations export", () => {
  it("reads the assignments of each school and resource", () => {
    const parsed = parseGarUsageTable(`${header}\n0750001U;ABO-1;PRJ;ark:/12345/9782091725451;87;4;2024-09-01\n`);
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toEqual([{ line: 2, uai: "0750001U", resourceId: "ark:/12345/9782091725451", studentAssignments: 87, teacherAssignments: 4 }]);
  });

  it("reports every wrong cell and keeps nothing then", () => {
    const parsed = parseGarUsageTable(`${header}\n0750001B;A;P;R1;10;1;x\n0750001U;A;P;;-3;1;x\n`);
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues.map((i) => [i.line, i.column])).toEqual([
      [2, "UAI"],
      [3, "idRessource"],
      [3, "cumulAffectationEleve"],
    ]);
    expect(parseGarUsageTable("UAI;idRessource\n").issues[0]!.message).toContain("Colonnes manquantes");
  });

  it("finds the EAN inside a publisher's resource id", () => {
    expect(eanInResourceId("ark:/12345/9782091725451")).toBe("9782091725451");
    expect(eanInResourceId("NATHAN-978-2-09-172545-1")).toBe("9782091725451");
    expect(eanInResourceId("qioz-langues")).toBeNull();
  });
});
