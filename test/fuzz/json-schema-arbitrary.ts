/* fast-check arbitraries for the REST fuzz suite: from an operation's JSON Schema (the OpenAPI document's
 * input side) a mix of values that follow the schema, values that almost follow it (one field of the
 * wrong type, out of range, NUL characters, very long strings, extra fields) and arbitrary JSON. The
 * schema-shaped part reaches the services behind validation; the rest proves validation holds. */
import fc from "fast-check";

type Json = Record<string, any>;

const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "../../etc/passwd",
  "/%5Cevil.example.com",
  "'; drop table users; --",
  "<script>alert(1)</script>",
  "💾".repeat(50),
  "x".repeat(5000),
  "NaN",
  "-1",
  "9999999999y",
  "00000000-0000-0000-0000-000000000000",
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nasty,
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
);

function stringFor(s: Json): fc.Arbitrary<string> {
  if (s.format === "uuid") return fc.oneof(fc.uuid(), nasty);
  if (s.format === "email") return fc.oneof(fc.emailAddress(), nasty);
  if (s.format === "date-time")
    return fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      nasty,
    );
  const max = Math.min(s.maxLength ?? 40, 200);
  return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: max }), nasty);
}

function numberFor(s: Json, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? s.exclusiveMinimum ?? -1e6;
  const max = s.maximum ?? s.exclusiveMaximum ?? 1e6;
  const inRange = integer
    ? fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof(inRange, fc.constantFrom(-1, 0, 1, 2 ** 31, -(2 ** 53), 1.5));
}

/** A value that follows `schema` (as far as this small walker understands it). */
export function shaped(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((a: Json) => shaped(a, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return shaped(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return stringFor(schema);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(shaped(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case "object":
      return objectFor(schema, depth);
    default:
      return anyJson;
  }
}

function objectFor(schema: Json, depth: number): fc.Arbitrary<unknown> {
  const props: Record<string, Json> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const entries = Object.entries(props);
  if (!entries.length) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of entries) record[k] = shaped(v, depth + 1);
  return fc.record(record, { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) });
}

/** One field of a shaped object replaced by something of the wrong kind, or an extra field added. */
function nearMiss(schema: Json | undefined): fc.Arbitrary<unknown> {
  return fc.tuple(shaped(schema), anyJson, fc.string({ maxLength: 12 }), fc.nat()).map(([v, bad, extra, i]) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return bad;
    const keys = Object.keys(v as object);
    const copy: Record<string, unknown> = { ...(v as object) };
    if (keys.length && i % 2 === 0) copy[keys[i % keys.length] as string] = bad;
    else copy[extra || "extra"] = bad;
    return copy;
  });
}

/** What the fuzz suite sends as a body (or a query object): shaped, near misses and arbitrary JSON. */
export function bodyArbitrary(schema: Json | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: shaped(schema) }, { weight: 3, arbitrary: nearMiss(schema) }, anyJson);
}

/** Values for a path parameter: ids that exist, well-formed ids that do not, and junk. */
export function pathParamArbitrary(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: nasty },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}
