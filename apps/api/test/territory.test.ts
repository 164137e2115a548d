import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, sectors, zones } from "../src/db/schema.ts";
import { buildSector, regionWithAdmin as newRegionWithAdmin, type Session } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

/** The Region organises its territory: sectors, and zones inside them (PACA's STIL model). */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const regionWithAdmin = () => newRegionWithAdmin(t.app, t.db);

const post = (session: Session, url: string, payload: object) => t.app.inject({ method: "POST", url: `/api/v1${url}`, headers: session.headers, payload });

describe("sectors and zones", () => {
  it("creates a sector then a zone in it, each traced in the audit log, and lists them", async () => {
    const { region, session } = await regionWithAdmin();
    const sector = await post(session, "/sectors", { regionId: region.id, code: "Marseille", name: "Secteur de Marseille" });
    expect(sector.statusCode).toBe(201);
    expect(sector.json()).toMatchObject({ regionId: region.id, code: "marseille", name: "Secteur de Marseille" });
    const zone = await post(session, "/zones", { sectorId: sector.json().id, code: "marseille-nord", name: "Marseille Nord" });
    expect(zone.statusCode).toBe(201);
    expect(zone.json()).toMatchObject({ regionId: region.id, sectorId: sector.json().id, code: "marseille-nord" });

    const listed = await t.app.inject({ method: "GET", url: `/api/v1/sectors?regionId=${region.id}`, headers: session.headers });
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: sector.json().id, zones: [expect.objectContaining({ id: zone.json().id, schoolCount: 0 })] }),
    ]);
    const traced = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.regionId, region.id), eq(auditEvents.category, "change")));
    expect(traced.map((e) => e.action).sort()).toEqual(["sector.created", "zone.created"]);
  });

  it("refuses a second sector or zone with the same code in the region, in French, without writing", async () => {
    const { region, session } = await regionWithAdmin();
    const sector = await buildSector(t.db, { regionId: region.id, code: "nice" });
    const again = await post(session, "/sectors", { regionId: region.id, code: "NICE", name: "Nice bis" });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("La région a déjà un secteur de code « nice ».");
    expect(await t.db.select().from(sectors).where(eq(sectors.regionId, region.id))).toHaveLength(1);

    expect((await post(session, "/zones", { sectorId: sector.id, code: "nice-est", name: "Nice Est" })).statusCode).toBe(201);
    const zoneAgain = await post(session, "/zones", { sectorId: sector.id, code: "nice-est", name: "Nice Est bis" });
    expect(zoneAgain.statusCode).toBe(409);
    expect(
      await t.db
        .select()
        .from(zones)
        .where(and(eq(zones.regionId, region.id), eq(zones.code, "nice-est"))),
    ).toHaveLength(1);
  });

  it("explains a malformed code or name field by field", async () => {
    const { region, session } = await regionWithAdmin();
    const response = await post(session, "/sectors", { regionId: region.id, code: "Côte d'Azur", name: "x" });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["body.code", "body.name"]);
    expect(response.json().errors[0].message).toMatch(/caractères|Code invalide/);
    expect(await t.db.select().from(sectors).where(eq(sectors.regionId, region.id))).toEqual([]);
  });

  it("treats an unknown sector as a field error, not a server error", async () => {
    const { session } = await regionWithAdmin();
    const response = await post(session, "/zones", { sectorId: "00000000-0000-4000-8000-000000000000", code: "z", name: "Zone" });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: "body.sectorId", message: "Secteur inconnu." }]);
  });
});
