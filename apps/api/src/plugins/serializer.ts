import fastJsonStringify from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { type ZodType, z } from "zod";
import { compileProjection } from "./projection.ts";

/**
 * Response serialisation from the routes' Zod schemas, compiled once per route through the
 * schema's JSON Schema to a projection (`projection.ts`): a copy of the declared properties
 * only, so nothing undeclared can leak, which JSON.stringify writes. fast-json-stringify, used
 * before for every route, builds its output by concatenating strings: a page of 50 assets
 * (39 KB) allocated about 155 KB of intermediate strings, and on a loaded server the garbage
 * collector's time per request tripled (docs/PERFORMANCE.md). It still serves the schemas a
 * projection does not cover (a union of objects); those JSON Schema cannot express fall back to
 * the Zod serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<ZodType> = (route) => {
  try {
    const jsonSchema = withoutNullableUnions(z.toJSONSchema(route.schema, { io: "output", unrepresentable: "any", target: "draft-7" }));
    const projection = compileProjection(jsonSchema);
    // A schema that constrains nothing (z.unknown()) has nothing to project.
    if (projection === null) return (data: unknown) => JSON.stringify(data);
    if (projection) return (data: unknown) => JSON.stringify(projection(data));
    return fastJsonStringify(jsonSchema as Parameters<typeof fastJsonStringify>[0]) as (data: unknown) => string;
  } catch {
    return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  }
};

const SCALARS = new Set(["string", "number", "integer", "boolean"]);
const isNull = (node: unknown) => typeof node === "object" && node !== null && Object.keys(node).length === 1 && (node as { type?: unknown }).type === "null";

/**
 * Zod writes a nullable uuid, enum or date as `anyOf: [X, {type: "null"}]`, and
 * fast-json-stringify serialises an `anyOf` by validating each value against its branches
 * (a uuid's pattern on every row). A scalar or null is `type: [X, "null"]`, and an
 * unconstrained value or null is unconstrained: the same output, without the validation.
 */
export function withoutNullableUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNullableUnions);
  if (typeof node !== "object" || node === null) return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = withoutNullableUnions(value);
  const branches = result.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return result;
  const nullAt = branches.findIndex(isNull);
  if (nullAt < 0) return result;
  const other = branches[1 - nullAt] as Record<string, unknown>;
  const { anyOf: _, ...rest } = result;
  if (Object.keys(other).length === 0) return rest;
  if (typeof other.type === "string" && SCALARS.has(other.type)) return { ...rest, ...other, type: [other.type, "null"] };
  return result;
}
