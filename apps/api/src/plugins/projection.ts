/**
 * A response's JSON Schema compiled to a projection: a function that copies the declared
 * properties of a value, and only those, coercing each scalar to the type the schema gives it
 * as fast-json-stringify does (a count read as text is written as a number, a Date as an ISO
 * string). JSON.stringify then writes the copy in one pass (`serializer.ts`).
 *
 * `compileProjection` answers `undefined` for what it does not cover (a union of objects, a
 * tuple, a `$ref`...): the caller serialises those another way.
 */

/** What a value becomes before JSON.stringify; `null` stands for "as it is". */
type Projection = ((value: unknown) => unknown) | null;
type Schema = Record<string, unknown>;

const UNSUPPORTED = Symbol("unsupported");
type Compiled = Projection | typeof UNSUPPORTED;

const COMPOSITIONS = ["oneOf", "allOf", "not", "if", "$ref", "patternProperties", "prefixItems", "dependentSchemas"];

export function compileProjection(schema: unknown): ((value: unknown) => unknown) | null | undefined {
  const compiled = compile(schema);
  return compiled === UNSUPPORTED ? undefined : compiled;
}

function compile(node: unknown): Compiled {
  if (typeof node !== "object" || node === null) return node === true || node === undefined ? null : UNSUPPORTED;
  const schema = node as Schema;
  if (COMPOSITIONS.some((key) => key in schema)) return UNSUPPORTED;
  if (Array.isArray(schema.anyOf)) return nullableUnion(schema.anyOf);
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const nullable = types.includes("null");
  const [type, ...others] = types.filter((t) => t !== "null");
  if (others.length > 0) return UNSUPPORTED;
  // No type: unconstrained, or given only by `enum` or `const`, and written as it is.
  if (type === undefined) return schema.properties || schema.items ? UNSUPPORTED : null;
  if (type === "object") return orNull(objectProjection(schema), nullable);
  if (type === "array") return orNull(arrayProjection(schema), nullable);
  return scalar(type, schema.format as string | undefined, nullable);
}

/** `anyOf: [X, {type: "null"}]` (a nullable object or array, as Zod writes it); any other union is not covered. */
function nullableUnion(branches: unknown[]): Compiled {
  const isNull = (b: unknown) => typeof b === "object" && b !== null && (b as Schema).type === "null" && Object.keys(b).length === 1;
  const other = branches.filter((b) => !isNull(b));
  if (branches.length !== 2 || other.length !== 1) return UNSUPPORTED;
  const inner = compile(other[0]);
  return inner === UNSUPPORTED ? UNSUPPORTED : orNull(inner, true);
}

function orNull(projection: Compiled, nullable: boolean): Compiled {
  if (!nullable || projection === null || projection === UNSUPPORTED) return projection;
  return (value) => (value === null ? null : projection(value));
}

function arrayProjection(schema: Schema): Compiled {
  if (Array.isArray(schema.items)) return UNSUPPORTED;
  const item = compile(schema.items);
  if (item === UNSUPPORTED) return UNSUPPORTED;
  if (item === null) return null;
  return (value) => (Array.isArray(value) ? value.map((v) => item(v)) : value);
}

/**
 * An object's declared properties, written by generated code as one object literal (one
 * allocation of the final shape per row, where adding keys one by one grows the object's
 * storage several times). The keys are the schema's own, quoted by JSON.stringify.
 */
function objectProjection(schema: Schema): Compiled {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties === undefined || schema.additionalProperties === false ? undefined : compile(schema.additionalProperties);
  if (extra === UNSUPPORTED) return UNSUPPORTED;
  const projections: Projection[] = [];
  const fields: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const projection = compile(property);
    if (projection === UNSUPPORTED) return UNSUPPORTED;
    const read = `o[${JSON.stringify(key)}]`;
    const written = projection === null ? read : `p[${projections.push(projection) - 1}](${read})`;
    const fallback =
      property && typeof property === "object" && "default" in property
        ? JSON.stringify((property as Schema).default)
        : required.has(key)
          ? `missing(${JSON.stringify(key)})`
          : "undefined";
    fields.push(`${JSON.stringify(key)}: ${read} === undefined ? ${fallback} : ${written}`);
  }
  const literal = new Function("p", "missing", `return (o) => ({ ${fields.join(", ")} });`)(projections, missing) as (o: object) => object;
  const declared = new Set(Object.keys(properties));
  return (value) => {
    if (typeof value !== "object" || value === null) return value;
    const copy = literal(value) as Record<string, unknown>;
    if (extra === undefined) return copy;
    for (const [key, v] of Object.entries(value)) if (!declared.has(key)) copy[key] = extra === null ? v : extra(v);
    return copy;
  };
}

function missing(key: string): never {
  throw new Error(`"${key}" is required!`);
}

/** A scalar as fast-json-stringify writes it: the declared type, converted when it is another. */
function scalar(type: string, format: string | undefined, nullable: boolean): Compiled {
  const nullOr = (convert: (v: unknown) => unknown) => (v: unknown) => (v === null && nullable ? null : convert(v));
  switch (type) {
    case "string":
      if (format === "date-time") return nullOr((v) => (typeof v === "string" ? v : v instanceof Date ? v.toISOString() : asString(v)));
      if (format === "date") return nullOr((v) => (typeof v === "string" ? v : v instanceof Date ? localDate(v) : asString(v)));
      return nullOr((v) => (typeof v === "string" ? v : asString(v)));
    case "integer":
      return nullOr((v) => (Number.isInteger(v) ? v : asInteger(v)));
    case "number":
      return nullOr((v) => (typeof v === "number" && Number.isFinite(v) ? v : asNumber(v)));
    case "boolean":
      return nullOr((v) => (typeof v === "boolean" ? v : Boolean(v)));
    case "null":
      return () => null;
    default:
      return UNSUPPORTED;
  }
}

function asString(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (v instanceof RegExp) return v.source;
  return String(v);
}

function asInteger(v: unknown): number {
  if (typeof v === "bigint" && Number.isSafeInteger(Number(v))) return Number(v);
  const integer = Math.trunc(Number(v));
  if (!Number.isFinite(integer)) throw new Error(`The value "${String(v)}" cannot be converted to an integer.`);
  return integer;
}

function asNumber(v: unknown): number | null {
  const number = Number(v);
  if (Number.isNaN(number)) throw new Error(`The value "${String(v)}" cannot be converted to a number.`);
  return Number.isFinite(number) ? number : null;
}

/** A Date given for a calendar day: its day where the server runs, as fast-json-stringify writes it. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(date.getFullYear()).padStart(4, "0")}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
