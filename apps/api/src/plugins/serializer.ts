import fastJsonStringify from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { type ZodType, z } from "zod";

/**
 * Response serialisation from the routes' Zod schemas, compiled once per route to a
 * fast-json-stringify function through the schema's JSON Schema. Like the Zod serializer, it
 * writes only the declared properties (nothing undeclared can leak), at a fraction of the cost
 * of re-parsing every row. Schemas JSON Schema cannot express fall back to the Zod serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<ZodType> = (route) => {
  try {
    const jsonSchema = z.toJSONSchema(route.schema, { io: "output", unrepresentable: "any", target: "draft-7" });
    return fastJsonStringify(jsonSchema as Parameters<typeof fastJsonStringify>[0]) as (data: unknown) => string;
  } catch {
    return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  }
};
