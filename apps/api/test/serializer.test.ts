import fastJsonStringify from "fast-json-stringify";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compileProjection } from "../src/plugins/projection.ts";
import { serializerCompiler, withoutNullableUnions } from "../src/plugins/serializer.ts";

/**
 * Responses are written from the routes' Zod schemas by a projection (the declared properties,
 * coerced to their types) that JSON.stringify writes, or by fast-json-stringify where a
 * projection does not apply; a nullable uuid, enum or date is rewritten from `anyOf` to a type
 * list first. The output must stay what JSON.stringify writes of the declared fields, and
 * nothing undeclared, and where values need converting, what fast-json-stringify writes.
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
const compiled = (schema: z.ZodType) => serializerCompiler({ schema, method: "GET", url: "/test", httpStatus: "200" }) as (data: unknown) => string;
const serialize = compiled(Page);
const jsonSchemaOf = (schema: z.ZodType) => withoutNullableUnions(z.toJSONSchema(schema, { io: "output", unrepresentable: "any", target: "draft-7" }));
/** What fast-json-stringify, the serializer before projections, writes of a value (or the error it throws). */
const reference = (schema: z.ZodType, value: unknown) => {
  try {
    return fastJsonStringify(jsonSchemaOf(schema) as Parameters<typeof fastJsonStringify>[0])(value);
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
};
const written = (schema: z.ZodType, value: unknown) => {
  try {
    return compiled(schema)(value);
  } catch (error) {
    return `throws ${(error as Error).message}`;
  }
};

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

  // Each case: a schema and values that need converting, missing or extra; the projection must
  // write what fast-json-stringify writes (an error where it throws one).
  const cases: [string, z.ZodType, unknown][] = [
    [
      "a count read as text, a price as text, a flag as a number",
      z.object({ n: z.number().int(), price: z.number(), ok: z.boolean() }),
      { n: "42", price: "12.5", ok: 1 },
    ],
    ["a decimal where an integer is declared", z.object({ n: z.number().int() }), { n: 7.9 }],
    ["an integer that cannot be one", z.object({ n: z.number().int() }), { n: "abc" }],
    ["a number that cannot be one", z.object({ n: z.number() }), { n: "abc" }],
    ["an infinite number", z.object({ n: z.number() }), { n: Number.POSITIVE_INFINITY }],
    ["a number or null where text is declared", z.object({ s: z.string(), t: z.string() }), { s: 12, t: null }],
    [
      "a Date for a date-time and for a calendar day",
      z.object({ at: z.iso.datetime(), day: z.iso.date() }),
      { at: new Date("2026-12-01T10:00:00.5Z"), day: new Date(2026, 11, 1) },
    ],
    ["a required property missing", z.object({ id: z.string(), name: z.string() }), { id: "x" }],
    [
      "an optional property missing, one undefined",
      z.object({ id: z.string(), a: z.string().optional(), b: z.number().optional() }),
      { id: "x", b: undefined },
    ],
    ["a default for a missing property", z.object({ pageSize: z.number().default(50) }), {}],
    ["a record of counts", z.object({ byType: z.record(z.string(), z.number()) }), { byType: { desktop: "3", printer: 2 } }],
    ["a nullable object, set and null", z.array(z.object({ owner: z.object({ id: z.string() }).nullable() })), [{ owner: { id: "a" } }, { owner: null }]],
    ["a nullable array of text", z.object({ tags: z.array(z.string()).nullable() }), { tags: ["a", "b"] }],
    [
      "nested arrays of objects",
      z.object({ rows: z.array(z.object({ cells: z.array(z.object({ v: z.number() })) })) }),
      { rows: [{ cells: [{ v: "1", x: 2 }] }] },
    ],
    ["an unconstrained value", z.object({ payload: z.unknown() }), { payload: { any: [1, "two"] } }],
  ];
  it.each(cases)("writes %s as fast-json-stringify does", (_, schema, value) => {
    expect(compileProjection(jsonSchemaOf(schema))).toBeTypeOf("function");
    expect(written(schema, value)).toBe(reference(schema, value));
  });

  it("drops a nullable object's undeclared properties, where fast-json-stringify refused the whole response", () => {
    const Row = z.object({ owner: z.object({ id: z.string() }).nullable() });
    expect(reference(Row, { owner: { id: "a", secret: 1 } })).toMatch(/^throws/);
    expect(written(Row, { owner: { id: "a", secret: 1 } })).toBe('{"owner":{"id":"a"}}');
  });

  it("leaves a union of objects to fast-json-stringify, which writes each branch's properties", () => {
    const Event = z.union([z.object({ kind: z.literal("comment"), body: z.string() }), z.object({ kind: z.literal("move"), to: z.string() })]);
    const Timeline = z.object({ events: z.array(Event) });
    expect(compileProjection(jsonSchemaOf(Timeline))).toBeUndefined();
    const value = {
      events: [
        { kind: "comment", body: "ok", secret: 1 },
        { kind: "move", to: "B12" },
      ],
    };
    expect(written(Timeline, value)).toBe(reference(Timeline, value));
    expect(written(Timeline, value)).not.toContain("secret");
  });
});
