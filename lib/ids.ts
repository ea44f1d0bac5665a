/* Row ids. Every table's id is a PostgreSQL `uuid`, and a lookup by an id that is not one would make
 * PostgreSQL throw (a 500) instead of "not found". isUuid is the one check for that, used by every
 * get-by-id service before it queries. It accepts exactly what PostgreSQL's uuid type accepts in its
 * canonical 8-4-4-4-12 form, any version or variant (zod's uuid() is stricter: it refuses ids that
 * PostgreSQL stores happily, so a lookup with it would 404 rows that exist). Pure: no imports. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: unknown): s is string {
  return typeof s === "string" && UUID.test(s);
}
