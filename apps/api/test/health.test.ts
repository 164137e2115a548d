import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "./setup.ts";

describe("health", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("reports the engine and version without login", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok", database: process.env.DATABASE_URL ? "postgresql" : "pglite", version: "0.1.0" });
  });

  it("answers unknown routes with a French problem+json", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ code: "route.not_found", status: 404 });
  });

  it("serves the OpenAPI 3.1 document", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/schools", "/api/v1/people", "/api/v1/role-assignments", "/api/v1/audit-events", "/api/v1/auth/login", "/api/v1/me"]),
    );
  });
});
