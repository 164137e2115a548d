import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPerson, buildSchool, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let teacher: Session;

beforeAll(async () => {
  t = await buildTestApp();
  const school = await buildSchool(t.db);
  teacher = await logIn(t.app, await buildPerson(t.db, { role: "teacher", scope: schoolScope(school) }));
});
afterAll(() => t.close());

const preview = (payload: unknown, session: Session | null = teacher) =>
  t.app.inject({ method: "POST", url: "/api/v1/textbook-envelopes/preview", headers: session?.headers ?? {}, payload: payload as object });

describe("POST /textbook-envelopes/preview", () => {
  it("computes a digital lycée's envelope line by line (seed 001 rates)", async () => {
    const response = await preview({
      schoolKind: "digital",
      enrolment: [
        { track: "general", level: "2de", students: 100 },
        { track: "technological", level: "tle", students: 20 },
        { track: "vocational", level: "3e-prepa-metiers", students: 15 },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // 100 × 72 + 20 × (40 + 28) textbooks; 15 × 24 consumables (no textbooks for 3e prépa-métiers).
    expect(body).toMatchObject({ textbooksCents: 720_000 + 136_000, consumablesCents: 36_000, totalCents: 892_000 });
    expect(body.lines.map((l: { rate: string; amountCents: number }) => [l.rate, l.amountCents])).toEqual([
      ["general", 720_000],
      ["technological-core", 80_000],
      ["technological-specialities", 56_000],
      ["consumables", 36_000],
    ]);
    expect(body.lines[0].explanation.replace(/\s/g, " ")).toBe("100 élèves × 72,00 € = 7 200,00 €");
  });

  it("gives a paper lycée 5 € per student on every line, and consumables as for a digital one", async () => {
    const response = await preview({
      schoolKind: "paper",
      enrolment: [
        { track: "general", level: "1re", students: 10 },
        { track: "vocational", level: "cap2", students: 4 },
      ],
    });
    expect(response.json()).toMatchObject({ textbooksCents: 7_000, consumablesCents: 9_600, totalCents: 16_600 });
  });

  it("simulates the rates a Region is considering", async () => {
    const rates = {
      digital: {
        general: { "2de": 8000, "1re": 6400, tle: 5600 },
        technologicalCore: 4000,
        technologicalSpecialities: { "2de": 5600, "1re": 4200, tle: 2800 },
        vocational: 4200,
      },
      paper: 500,
      consumables: 2400,
    };
    const response = await preview({ schoolKind: "digital", enrolment: [{ track: "general", level: "2de", students: 3 }], rates });
    expect(response.json().totalCents).toBe(24_000);
  });

  it("refuses an impossible track and level, a negative or fractional count, in French", async () => {
    const impossible = await preview({
      schoolKind: "digital",
      enrolment: [
        { track: "general", level: "2de", students: 1 },
        { track: "general", level: "cap1", students: 3 },
      ],
    });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json()).toMatchObject({ code: "validation.failed", detail: "Le niveau « CAP 1re année » n'existe pas dans la voie générale." });
    expect(impossible.json().errors[0].field).toBe("body.enrolment.1");

    const negative = await preview({ schoolKind: "digital", enrolment: [{ track: "general", level: "2de", students: -1 }] });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().detail).toContain("négatif");
    const fractional = await preview({ schoolKind: "digital", enrolment: [{ track: "general", level: "2de", students: 1.5 }] });
    expect(fractional.statusCode).toBe(400);
    expect(fractional.json().detail).toContain("entier");
    const kind = await preview({ schoolKind: "hybrid", enrolment: [] });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().detail).toContain("Type de lycée inconnu");
    const rate = await preview({ schoolKind: "paper", enrolment: [], rates: { digital: {}, paper: 5.5, consumables: 1 } });
    expect(rate.statusCode).toBe(400);
  });

  it("needs a session", async () => {
    expect((await preview({ schoolKind: "digital", enrolment: [] }, null)).statusCode).toBe(401);
  });
});
