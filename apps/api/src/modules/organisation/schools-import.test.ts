import { schoolYearOf } from "@relais/shared/school-year";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegion, buildZone, uniqueUai } from "../../../test/factories.ts";
import { openTestDatabase } from "../../../test/setup.ts";
import { systemActor, systemClock } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import { auditEvents } from "../audit/audit.schema.ts";
import type { Actor } from "../auth/actor.ts";
import { schoolEnrolments, schools } from "./organisation.schema.ts";
import { importSchools } from "./schools-import.service.ts";
import { parseSchoolsTable } from "./schools-import.ts";

const SIMPLE_HEADER = "uai;nom;type;academie;departement;commune;eff_2nde_gt;eff_1ere_g;eff_tle_g";
const DEPP_HEADER =
  "uai;uai_check_ok;nom;type_lycee;secteur;academie;region;code_departement;departement;code_insee_commune;commune;eff_gt_rentree2021_total;eff_2nde_gt;eff_2nde_specifique;eff_1ere_g;eff_1ere_techno;eff_tle_g;eff_tle_techno";

const csv = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("parseSchoolsTable (pure)", () => {
  it("reads the simple format, mapping types and académies and padding department codes", () => {
    const [a, b] = [uniqueUai(), uniqueUai()];
    const parsed = parseSchoolsTable(
      csv("UAI;Nom;Type;Académie;Département;Commune", `${a};Lycée Un;LGT;CRETEIL;4;Digne`, `${b};Lycée Deux;lpo;Aix-Marseille;13;Marseille`),
      { regionName: "X" },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.format).toBe("simple");
    expect(parsed.schools.map((s) => [s.uai, s.type, s.academie, s.departmentCode])).toEqual([
      [a, "LEGT", "Créteil", "04"],
      [b, "LPO", "Aix-Marseille", "13"],
    ]);
  });

  it("reports every wrong cell with its line and column, in French", () => {
    const good = uniqueUai();
    const parsed = parseSchoolsTable(
      csv(
        SIMPLE_HEADER,
        `${good};Lycée Bon;LEGT;Paris;75;Paris;100;90;80`,
        "0750001A;Lycée Faux;LYC;Paris;7X;Paris;-3;;",
        `${good};Doublon;LP;Paris;75;Paris;;;`,
        "trop;peu",
      ),
      { regionName: "X" },
    );
    expect(parsed.issues).toEqual([
      { line: 3, column: "uai", message: "La lettre de contrôle de l'UAI 0750001A est fausse : pour 0750001, elle doit être U." },
      { line: 3, column: "type", message: expect.stringContaining("Type « LYC » inconnu") },
      { line: 3, column: "departement", message: expect.stringContaining("Code de département « 7X » invalide") },
      { line: 3, column: "eff_2nde_gt", message: expect.stringContaining("Effectif « -3 » invalide") },
      { line: 4, column: "uai", message: `L'UAI ${good} figure déjà ligne 2 : un établissement par ligne.` },
      { line: 5, column: null, message: expect.stringContaining("La ligne compte 2 colonne(s), l'en-tête en compte 9") },
    ]);
  });

  it("refuses a header without the required columns", () => {
    const parsed = parseSchoolsTable(csv("uai;nom", "0750654D;Henri-IV"), { regionName: "X" });
    expect(parsed.issues).toEqual([{ line: 1, column: null, message: expect.stringContaining("type, academie, departement, commune") }]);
  });

  it("reads the DEPP file: skips private lycées and other regions, maps GT enrolment to tracks", () => {
    const [pub, priv, other] = [uniqueUai("013"), uniqueUai("013"), uniqueUai("075")];
    const parsed = parseSchoolsTable(
      csv(
        DEPP_HEADER,
        `${pub};True;LYCEE GENERAL ANDRE HONNORAT;LPO;public;AIX-MARSEILLE;Provence-Alpes-Côte d'Azur;13;BOUCHES-DU-RHONE;13055;MARSEILLE;162;63;4;52;10;47;0`,
        `${priv};True;LYCEE PRIVE;LEGT;privé sous contrat;AIX-MARSEILLE;Provence-Alpes-Côte d'Azur;13;BOUCHES-DU-RHONE;13055;MARSEILLE;100;40;0;30;0;30;0`,
        `${other};True;LYCEE PARISIEN;LP;public;PARIS;Île-de-France;75;PARIS;75056;PARIS;;;;;;;`,
      ),
      { regionName: "Provence-Alpes-Côte d'Azur" },
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.format).toBe("depp");
    expect(parsed.skipped).toEqual({ private: 1, otherRegion: 1 });
    expect(parsed.schools).toHaveLength(1);
    expect(parsed.schools[0]).toMatchObject({ uai: pub, type: "LPO", academie: "Aix-Marseille", departmentCode: "13" });
    expect(parsed.schools[0]?.enrolment).toEqual([
      { track: "general", level: "2de", students: 63 },
      { track: "technological", level: "2de", students: 4 },
      { track: "general", level: "1re", students: 52 },
      { track: "technological", level: "1re", students: 10 },
      { track: "general", level: "tle", students: 47 },
    ]);
  });
});

describe("importSchools (on a database)", () => {
  let database: Database;
  const ctx = () => ({ db: database.db, actor: systemActor("Test"), clock: systemClock, requestId: null, ip: null });
  const schoolsOf = (regionId: string) => database.db.select().from(schools).where(eq(schools.regionId, regionId)).orderBy(schools.uai);

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it("imports a good file: schools, enrolment of the current year and student count, one audit event", async () => {
    const region = await buildRegion(database.db);
    const [a, b] = [uniqueUai(), uniqueUai()].sort();
    const report = await importSchools(ctx(), {
      regionCode: region.code,
      content: csv(SIMPLE_HEADER, `${a};Lycée Alpha;LEGT;Paris;75;Paris;100;90;80`, `${b};Lycée Bêta;LP;Paris;75;Paris;;;`),
      dryRun: false,
    });

    expect(report).toMatchObject({ written: true, created: 2, updated: 0, unchanged: 0, issues: [] });
    const rows = await schoolsOf(region.id);
    expect(rows.map((s) => [s.uai, s.name, s.type, s.studentCount])).toEqual([
      [a, "Lycée Alpha", "LEGT", 270],
      [b, "Lycée Bêta", "LP", 0],
    ]);
    const enrolment = await database.db.select().from(schoolEnrolments).where(eq(schoolEnrolments.schoolId, rows[0]!.id));
    expect(enrolment.map((e) => [e.schoolYear, e.level, e.students])).toEqual(
      expect.arrayContaining([
        [schoolYearOf(new Date()), "2de", 100],
        [schoolYearOf(new Date()), "1re", 90],
        [schoolYearOf(new Date()), "tle", 80],
      ]),
    );
    const audit = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "schools.imported"), eq(auditEvents.regionId, region.id)));
    expect(audit).toHaveLength(1);
  });

  it("reports a bad UAI with its line number and writes nothing, not even the good lines", async () => {
    const region = await buildRegion(database.db);
    const report = await importSchools(ctx(), {
      regionCode: region.code,
      content: csv(
        SIMPLE_HEADER,
        `${uniqueUai()};Lycée Bon;LEGT;Paris;75;Paris;;;`,
        `${uniqueUai()};Lycée Bon 2;LEGT;Paris;75;Paris;;;`,
        "0750001A;Lycée Faux;LEGT;Paris;75;Paris;;;",
      ),
      dryRun: false,
    });

    expect(report.written).toBe(false);
    expect(report.issues).toEqual([{ line: 4, column: "uai", message: expect.stringContaining("elle doit être U") }]);
    expect(await schoolsOf(region.id)).toEqual([]);
  });

  it("leaves nothing behind when the write fails halfway (one transaction)", async () => {
    const region = await buildRegion(database.db);
    const lines = Array.from({ length: 150 }, (_, i) => `${uniqueUai("077")};Lycée ${i};LEGT;Créteil;77;Melun;10;10;10`);
    let ticks = 0;
    const interrupted = importSchools(ctx(), {
      regionCode: region.code,
      content: csv(SIMPLE_HEADER, ...lines),
      dryRun: false,
      // Once the first 100 schools are written, fail: that stands for a crash halfway.
      onProgress: (done) => {
        ticks++;
        if (done > 0) throw new Error("interrompu");
      },
    });
    await expect(interrupted).rejects.toThrow("interrompu");
    expect(ticks).toBe(2);
    expect(await schoolsOf(region.id)).toEqual([]);
  });

  it("updates a known UAI instead of duplicating it, and leaves unchanged schools' version alone", async () => {
    const region = await buildRegion(database.db);
    const zone = await buildZone(database.db, { regionId: region.id });
    const [a, b, c] = [uniqueUai(), uniqueUai(), uniqueUai()].sort();
    const header = "uai;nom;type;academie;departement;commune;code_zone;wifi";
    await importSchools(ctx(), {
      regionCode: region.code,
      content: csv(header, `${a};Lycée A;LEGT;Paris;75;Paris;;`, `${b};Lycée B;LP;Paris;75;Paris;;`),
      dryRun: false,
    });

    const report = await importSchools(ctx(), {
      regionCode: region.code,
      content: csv(
        header,
        `${a};Lycée A;LEGT;Paris;75;Paris;;`,
        `${b};Lycée B renommé;LP;Paris;75;Paris;${zone.code};complet`,
        `${c};Lycée C;LPO;Paris;75;Paris;;`,
      ),
      dryRun: false,
    });

    expect(report).toMatchObject({ written: true, created: 1, updated: 1, unchanged: 1 });
    const rows = await schoolsOf(region.id);
    expect(rows.map((s) => [s.uai, s.name, s.version, s.zoneId, s.sectorId, s.wifiStatus])).toEqual([
      [a, "Lycée A", 1, null, null, "none"],
      [b, "Lycée B renommé", 2, zone.id, zone.sectorId, "full"],
      [c, "Lycée C", 1, null, null, "none"],
    ]);
  });

  it("checks nothing is written on a dry run, but counts what would be", async () => {
    const region = await buildRegion(database.db);
    const report = await importSchools(ctx(), {
      regionCode: region.code,
      content: csv(SIMPLE_HEADER, `${uniqueUai()};Lycée Sec;LEGT;Paris;75;Paris;;;`),
      dryRun: true,
    });
    expect(report).toMatchObject({ written: false, created: 1, issues: [] });
    expect(await schoolsOf(region.id)).toEqual([]);
  });

  it("refuses a UAI that belongs to another region, and unknown zone codes", async () => {
    const [mine, theirs] = [await buildRegion(database.db), await buildRegion(database.db)];
    const taken = uniqueUai();
    await importSchools(ctx(), { regionCode: theirs.code, content: csv(SIMPLE_HEADER, `${taken};Lycée Voisin;LEGT;Paris;75;Paris;;;`), dryRun: false });

    const report = await importSchools(ctx(), {
      regionCode: mine.code,
      content: csv(
        "uai;nom;type;academie;departement;commune;code_zone",
        `${taken};Lycée Volé;LEGT;Paris;75;Paris;`,
        `${uniqueUai()};Lycée Égaré;LEGT;Paris;75;Paris;Z-NULLE-PART`,
      ),
      dryRun: false,
    });
    expect(report.issues).toEqual([
      { line: 2, column: "uai", message: expect.stringContaining("appartient à un établissement d'une autre région") },
      { line: 3, column: "code_zone", message: "Zone « Z-NULLE-PART » inconnue dans cette région." },
    ]);
    expect(await schoolsOf(mine.id)).toEqual([]);
  });

  it("lets only the Region import its schools", async () => {
    const [region, other] = [await buildRegion(database.db), await buildRegion(database.db)];
    const otherAdmin: Actor = {
      ...systemActor(),
      via: "session",
      assignments: [
        { role: "region_admin", scope: { kind: "region", regionId: other.id, sectorId: null, zoneId: null, schoolId: null, organisationId: null } },
      ],
    };
    await expect(importSchools({ ...ctx(), actor: otherAdmin }, { regionCode: region.code, content: csv(SIMPLE_HEADER), dryRun: false })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    await expect(importSchools(ctx(), { regionCode: "nulle-part", content: csv(SIMPLE_HEADER), dryRun: false })).rejects.toMatchObject({ code: "not_found" });
  });
});
