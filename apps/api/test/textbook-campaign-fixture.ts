import { expect } from "vitest";
import type { Session } from "./factories.ts";
import type { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const API = "/api/v1";

/** An API call as one logged-in person; the app is read when called (tests build it in beforeAll). */
export const callerOf = (app: () => TestApp["app"]) => (session: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
  app().inject({ method, url: `${API}${url}`, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
type Call = ReturnType<typeof callerOf>;

/** A textbook catalogue of the kinds a cart mixes (seed 001): a one-year digital licence, paper, a consumable, a free co-published title. */
const RESOURCES = {
  digital: { kind: "digital_textbook", ean: "9782091725451", title: "Maths 2de numérique", priceCents: 900, licenceYears: 1 },
  paper: { kind: "paper_textbook", ean: "9780306406157", title: "Histoire 2de papier", publisher: "Hatier", priceCents: 2450, licenceYears: null },
  consumable: { kind: "consumable", ean: "9782000000013", title: "Kit atelier CAP", publisher: "Fournitures Pro", priceCents: 600, licenceYears: null },
  free: { kind: "free_copublished", ean: "9782000000020", title: "Lettres 2de libre", priceCents: 0, licenceYears: null },
} satisfies Record<string, Record<string, unknown>>;

/** Adds the resources asked for to the region's catalogue, as its administrator; their ids by name. */
export async function addTextbookResources<K extends keyof typeof RESOURCES>(call: Call, admin: Session, regionId: string, keys: readonly K[]) {
  const ids = {} as Record<K, string>;
  for (const key of keys) {
    const saved = await call(admin, "POST", "/catalogue/resources", {
      regionId,
      item: { publisher: "Nathan", subject: "Mathématiques", track: "general", level: "2de", ...RESOURCES[key] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    ids[key] = saved.json().id;
  }
  return ids;
}
