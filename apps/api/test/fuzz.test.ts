import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../src/db/schema.ts";
import { randomToken, sha256 } from "../src/modules/auth/secrets.ts";
import { assignRole, buildOrganisation, buildPerson, buildSchool, logIn, schoolScope, uniqueUai } from "./factories.ts";
import { fakeWebDist, listRoutes, type RouteRef } from "./routes.ts";
import { buildTestApp } from "./setup.ts";

/**
 * Every route, fed garbage: random and out-of-range params, query strings, JSON of random
 * shapes (and of the route's own shape with wrong values), wrong content types, huge and
 * unicode strings. Whoever calls — a region administrator (session or token) or nobody —
 * nothing may answer 5xx, and every 4xx is problem+json with a French `detail`.
 *
 * Bounded: about 700 requests. The seed is fixed so that a run is reproducible; set
 * FUZZ_SEED=<number> (and FUZZ_RUNS=<runs per route and caller>) to explore further.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  maxLength?: number;
};
type Operation = { parameters?: { in: string; name: string; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const RUNS_PER_ROUTE_AND_CALLER = Number(process.env.FUZZ_RUNS ?? 5);

let t: TestApp;
let routes: RouteRef[];
let operations: Record<string, Operation>;
let knownIds: string[];
let adminId: string;
let cookieHeaders: Record<string, string>;
let bearerToken: string;

async function newAdminSession() {
  const token = randomToken();
  const csrf = randomToken(24);
  await t.db
    .insert(sessions)
    .values({ tokenHash: sha256(token), personId: adminId, csrfToken: csrf, stage: "active", expiresAt: new Date(Date.now() + 3_600_000) });
  cookieHeaders = { cookie: `relais_session=${token}`, "x-csrf-token": csrf };
}

beforeAll(async () => {
  t = await buildTestApp({ env: { WEB_DIST_DIR: fakeWebDist() } });
  const school = await buildSchool(t.db);
  const org = await buildOrganisation(t.db, { regionId: school.regionId });
  const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: school.regionId }, withTotp: true });
  const teacher = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school) });
  const assignment = await assignRole(t.db, teacher.id, "digital_referent", schoolScope(school));
  adminId = admin.id;
  const session = await logIn(t.app, admin);
  const created = await t.app.inject({ method: "POST", url: "/api/v1/api-tokens", headers: session.headers, payload: { name: "Fuzz" } });
  bearerToken = created.json().token;
  await newAdminSession();
  // Real ids (and valid new UAIs), so that some requests reach the services rather than stopping
  // at a 404 or a validation error. The admin's
  // own assignment and token are left out: revoking them would end the run's rights.
  knownIds = [
    school.id,
    school.uai,
    school.regionId,
    school.sectorId!,
    school.zoneId!,
    org.id,
    teacher.id,
    assignment.id,
    uniqueUai("013"),
    uniqueUai("971").toLowerCase(),
  ];
  routes = listRoutes(t.app);
  const doc = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json() as { paths: Record<string, Record<string, Operation>> };
  operations = {};
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) operations[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`] = operation;
  }
});
afterAll(() => t.close());

// ——— Arbitraries ———

const hugeString = fc.constantFrom("x".repeat(70_000), "é".repeat(10_000), "🙂".repeat(5_000));
const nastyString = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "💥",
  "Ω≈ç√∫",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x1F",
  "' OR 1=1 --",
  "%",
  "%%",
  "\\",
  "_",
  "<script>",
  "../../etc/passwd",
  "=1+1",
  "2025-02-30",
  "9999-99-99",
  "0751234A",
  "0751234a",
  "\u202Eabc",
  "ǅ",
  "ß".repeat(300),
);
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }).map((i) => knownIds[i] ?? "") },
  { weight: 1, arbitrary: fc.uuid() },
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 0.5, Number.MIN_VALUE),
);

function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  const variants: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) variants.push(fc.constantFrom(...schema.enum));
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) variants.push(fromSchema(sub, depth + 1));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  for (const type of types) {
    if (type === "string") {
      if (schema.format === "uuid") variants.push(fc.oneof(fc.constantFrom(...knownIds), fc.uuid()));
      else if (schema.format === "email") variants.push(fc.emailAddress());
      else if (schema.format === "date")
        variants.push(fc.date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2999-12-31") }).map((d) => d.toISOString().slice(0, 10)));
      else if (schema.format === "date-time")
        variants.push(fc.date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2999-12-31") }).map((d) => d.toISOString()));
      variants.push(anyString);
    } else if (type === "integer" || type === "number") variants.push(anyNumber);
    else if (type === "boolean") variants.push(fc.boolean());
    else if (type === "null") variants.push(fc.constant(null));
    else if (type === "array") variants.push(fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 }));
    else if (type === "object" && schema.properties) {
      const shape = Object.fromEntries(Object.entries(schema.properties).map(([key, sub]) => [key, fromSchema(sub, depth + 1)]));
      variants.push(fc.record(shape, { requiredKeys: schema.required ?? [] }), fc.record(shape, { requiredKeys: [] }));
    }
  }
  if (variants.length === 0) variants.push(fc.jsonValue({ maxDepth: 2 }));
  // Now and then, a value of any type at all in place of the expected one.
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...variants) }, { weight: 1, arbitrary: fc.oneof(anyString, anyNumber, fc.jsonValue({ maxDepth: 2 })) });
}

/** URLs carry UTF-8: a lone surrogate cannot be encoded at all, so it becomes U+FFFD first. */
const encode = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
const encodeSegment = (value: string) => fc.constantFrom(encode(value), encode(value), value.replace(/[^\w.~-]/g, "").slice(0, 50) || "x");
const rawSegment = fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "..", "%2e%2e", "%2F", "a%2Fb", "%F0%9F%92%A5");

type Body = { payload?: string; contentType?: string };
function bodyFor(operation: Operation | undefined): fc.Arbitrary<Body> {
  const schema = operation?.requestBody?.content?.["application/json"]?.schema;
  const json = (value: unknown) => ({ payload: JSON.stringify(value) ?? "null", contentType: "application/json" });
  return fc.oneof(
    { weight: 4, arbitrary: fromSchema(schema).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    { weight: 1, arbitrary: fc.constant<Body>({}) },
    {
      weight: 1,
      arbitrary: fc.record({
        payload: fc.oneof(
          fc.constantFrom(
            "{",
            "[1,",
            "null",
            '"x"',
            "1e999",
            '{"a":1}',
            "",
            "\u0000",
            "email=a@b.fr&password=x",
            '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
          ),
          fc.string(),
        ),
        contentType: fc.constantFrom(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=latin1",
          "application/xml",
          "application/json",
          "application/problem+json",
          "image/png",
          "*/*",
          ";;;",
        ),
      }),
    },
    { weight: 1, arbitrary: hugeString.map((s) => json({ name: s, email: s, q: s, code: s, token: s })) },
  );
}

function queryFor(operation: Operation | undefined): fc.Arbitrary<string> {
  const names = (operation?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  const key =
    names.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) })
      : fc.string({ minLength: 1, maxLength: 8 });
  const value = fc.oneof(
    anyString,
    anyNumber.map(String),
    fc.constantFrom(
      "csv",
      "json",
      "-name",
      "name",
      "-nope",
      "true",
      "false",
      "change",
      "security",
      "held",
      "2025-2026",
      "1e309",
      "99999999999999999999",
      "0",
      "-5",
      "[object Object]",
    ),
  );
  const pair = fc.tuple(key, value).map(([k, v]) => `${encode(k)}=${encode(v)}`);
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.join("&")}` : "")) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "?page=%zz",
        "?page=1&page=2",
        "?sort[]=name",
        "?pageSize=&page=",
        "?q=%00",
        "?format=csv&pageSize=0",
        `?${"q=".repeat(2000)}`,
        "?%=%",
      ),
    },
  );
}

function urlFor(route: RouteRef): fc.Arbitrary<string> {
  const parts = route.url.split("/").map((segment) => {
    if (segment === "*") return fc.oneof(fc.constant(""), anyString.chain(encodeSegment), fc.constant("assets/../../etc/passwd"));
    if (!segment.startsWith(":")) return fc.constant(segment);
    return fc.oneof({ weight: 4, arbitrary: anyString.chain(encodeSegment) }, { weight: 1, arbitrary: rawSegment });
  });
  return fc.tuple(...parts).map((segments) => segments.join("/"));
}

// ——— The property ———

const FRENCH =
  /[àâçéèêëîïôûùüœ«»]|\b(le|la|les|un|une|des|du|de|d'|l'|est|pas|aucun|aucune|doit|votre|vous|ou|et|invalide|introuvable|inconnu|inconnue|trop|requête|attendu|nombre|valeur|caractères)\b/i;
const ENGLISH =
  /\b(the|must|should|expected|received|invalid input|is required|not found|unexpected|too (big|small|long|short)|cannot|unsupported|please|error occurred)\b/i;

type Caller = "session" | "token" | "anonymous";
function headersOf(caller: Caller): Record<string, string> {
  if (caller === "session") return cookieHeaders;
  if (caller === "token") return { authorization: `Bearer ${bearerToken}` };
  return {};
}

const AGENT_ROUTES = new Set(["/front/inventory.php", "/api/v1/inventory/agent"]);

async function send(route: RouteRef, caller: Caller, url: string, query: string, body: Body) {
  const headers = { ...headersOf(caller), ...(body.contentType ? { "content-type": body.contentType } : {}) };
  const response = await t.app.inject({
    method: route.method as "GET",
    url: `${url}${query}`,
    headers,
    ...(body.payload !== undefined && route.method !== "GET" ? { payload: body.payload } : {}),
  });
  const context = `${caller} ${route.method} ${url}${query.slice(0, 200)} [${body.contentType ?? "-"}] ${String(body.payload).slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, context).toBeLessThan(500);
  // Inventory agents get their errors in their own protocol (XML REPLY/ERROR or JSON status), not problem+json.
  if (response.statusCode >= 400 && AGENT_ROUTES.has(route.url)) {
    expect(response.body, context).toMatch(/<REPLY><ERROR>|"status":"error"/);
  } else if (response.statusCode >= 400) {
    expect(String(response.headers["content-type"]), context).toContain("application/problem+json");
    const problem = response.json() as { status: number; code: string; detail: string; errors?: { message: string }[] };
    expect(problem.status, context).toBe(response.statusCode);
    expect(typeof problem.code, context).toBe("string");
    expect(typeof problem.detail, context).toBe("string");
    // What the request echoes back (its path, quoted values) is not the message's language.
    const own = problem.detail
      .replace(/«[^»]*»/g, "")
      .split(url.split("?")[0] as string)
      .join("");
    expect(own, context).toMatch(FRENCH);
    expect(own, context).not.toMatch(ENGLISH);
    for (const fieldError of problem.errors ?? []) expect(fieldError.message.replace(/«[^»]*»/g, ""), context).not.toMatch(ENGLISH);
  }
  // A logout ends the session the run works with: open another.
  if (caller === "session" && route.url.endsWith("/auth/logout") && response.statusCode === 204) await newAdminSession();
  return response;
}

describe("fuzzing every route", () => {
  it("covers the routes of the app", () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  for (const caller of ["session", "token", "anonymous"] as const) {
    it(`never answers 5xx, and answers 4xx in French problem+json (${caller})`, async () => {
      let requests = 0;
      for (const [index, route] of routes.entries()) {
        const operation = operations[`${route.method} ${route.url}`];
        await fc.assert(
          fc.asyncProperty(urlFor(route), queryFor(operation), bodyFor(operation), async (url, query, body) => {
            requests++;
            await send(route, caller, url, query, body);
          }),
          { numRuns: RUNS_PER_ROUTE_AND_CALLER, seed: SEED + index, endOnFailure: true },
        );
      }
      expect(requests).toBeGreaterThanOrEqual(routes.length * RUNS_PER_ROUTE_AND_CALLER);
    });
  }

  // Values a database refuses (SQLSTATE class 22) reach it through every text and date field:
  // swept deterministically rather than left to chance.
  it("answers a NUL character or an out-of-range date in any parameter with a 4xx", async () => {
    const nasties = (schema: JsonSchema | undefined) =>
      schema?.format === "date-time" ? ["0000-01-01T00:00:00Z", "a\u0000"] : schema?.format === "date" ? ["0000-01-01", "a\u0000"] : ["a\u0000b"];
    let swept = 0;
    for (const caller of ["session", "token"] as const) {
      for (const route of routes) {
        const operation = operations[`${route.method} ${route.url}`];
        if (!operation) continue;
        const path = route.url.replace(/:\w+/g, knownIds[0] as string);
        for (const parameter of operation.parameters ?? []) {
          for (const value of nasties(parameter.schema)) {
            if (parameter.in === "query") await send(route, caller, path, `?${parameter.name}=${encodeURIComponent(value)}`, {});
            if (parameter.in === "path") await send(route, caller, route.url.replace(`:${parameter.name}`, encodeURIComponent(value)), "", {});
            swept++;
          }
        }
        const body = operation.requestBody?.content?.["application/json"]?.schema;
        for (const [name, property] of Object.entries(body?.properties ?? {})) {
          for (const value of nasties(property)) {
            await send(route, caller, path, "", { payload: JSON.stringify({ [name]: value }), contentType: "application/json" });
            swept++;
          }
        }
      }
    }
    expect(swept).toBeGreaterThan(100);
  });

  it("refuses bodies over the limit with 413, in French", async () => {
    for (const route of routes.filter((r) => r.method !== "GET")) {
      const response = await send(route, "session", route.url.replace(/:\w+/g, knownIds[0]!), "", {
        payload: JSON.stringify({ name: "x".repeat(1_100_000) }),
        contentType: "application/json",
      });
      expect([401, 403, 404, 413]).toContain(response.statusCode);
    }
    const login = await send({ method: "POST", url: "/api/v1/auth/login" }, "anonymous", "/api/v1/auth/login", "", {
      payload: JSON.stringify({ email: "x".repeat(1_100_000) }),
      contentType: "application/json",
    });
    expect(login.statusCode).toBe(413);
  });

  it("answers methods and paths that do not exist in French problem+json", async () => {
    for (const caller of ["session", "anonymous"] as const) {
      for (const [method, url] of [
        ["PUT", "/api/v1/schools"],
        ["DELETE", "/api/v1/schools/x"],
        ["GET", "/api/v2/schools"],
        ["PATCH", "/api/v1/me"],
        ["GET", "/api/v1/schools/x/y/z"],
        ["OPTIONS", "/api/v1/schools"],
      ] as const) {
        const response = await send({ method, url }, caller, url, "", {});
        expect(response.statusCode).toBe(404);
      }
    }
  });
});
