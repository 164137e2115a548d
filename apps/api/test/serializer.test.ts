import { describe, expect, it } from "vitest";
import { z } from "zod";
import { serializerCompiler, withoutNullableUnions } from "../src/plugins/serializer.ts";

/**
 * Responses are written by fast-json-stringify from the routes' Zod schemas; a nullable uuid,
 * enum or date is rewritten from `anyOf` to a type list (no per-value validation). The output
 * must stay what JSON.stringify writes of the declared fields, and nothing undeclared.
 */
const Row = z.object({
  id: z.uuid(),
  roomId: z.uuid().nullable(),
  status: z.enum(["in_service", "stored"]).nullable(),
  name: z.string().nullable(),
  price: z.number().nullable(),
  seenAt: z.date().nullable(),
  day: z.iso.date().nullable(),
  tags: z.array(z.string()).nullable(),
  owner: z.object({ id: z.uuid() }).nullable(),
});
const Page = z.object({ items: z.array(Row), total: z.number() });
const serialize = serializerCompiler({ schema: Page, method: "GET", url: "/test", httpStatus: "200" }) as (data: unknown) => string;

const full = {
  id: "0b7a6c1e-6a0e-4c36-9d0b-6f4f8a1e2c3d",
  roomId: "1b7a6c1e-6a0e-4c36-9d0b-6f4f8a1e2c3d",
  status: "stored",
  name: "PC « B12 »",
  price: 12_000,
  seenAt: new Date("2026-12-01T10:00:00Z"),
  day: "2026-12-01",
  tags: ["a"],
  owner: { id: "2b7a6c1e-6a0e-4c36-9d0b-6f4f8a1e2c3d" },
};
const empty = { ...full, roomId: null, status: null, name: null, price: null, seenAt: null, day: null, tags: null, owner: null };

describe("the response serializer", () => {
  it("writes nullable values, set or null, as JSON.stringify does", () => {
    const page = { items: [full, empty], total: 2 };
    expect(serialize(page)).toBe(JSON.stringify(page));
  });

  it("writes no undeclared property", () => {
    const leaked = JSON.parse(serialize({ items: [{ ...full, passwordHash: "secret" }], total: 1, debug: "x" }));
    expect(leaked).not.toHaveProperty("debug");
    expect(leaked.items[0]).not.toHaveProperty("passwordHash");
  });

  it("turns a nullable scalar into a type list and a nullable unconstrained value into an unconstrained one, and leaves other unions", () => {
    const schema = withoutNullableUnions(z.toJSONSchema(Row, { io: "output", unrepresentable: "any", target: "draft-7" })) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.roomId).toMatchObject({ type: ["string", "null"], format: "uuid" });
    expect(schema.properties.status).toMatchObject({ type: ["string", "null"], enum: ["in_service", "stored"] });
    expect(schema.properties.seenAt).toEqual({});
    expect(schema.properties.owner).toHaveProperty("anyOf");
    expect(schema.properties.tags).toHaveProperty("anyOf");
  });
});
