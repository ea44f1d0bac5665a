/* IANA time zone names for schedules: validation and the list shown in the settings form. Owns nothing
 * else. Node's Intl (full ICU) is the authority, so a name is valid exactly when the runtime can compute
 * times in it; browser-safe (the form runs the same check, the browser's Intl answering). */

const cache = new Map<string, boolean>();

/** True when `tz` is an IANA zone name the runtime knows ("Europe/Berlin", "UTC"). */
export function isValidTimezone(tz: string): boolean {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64) return false;
  const hit = cache.get(tz);
  if (hit !== undefined) return hit;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  cache.set(tz, ok);
  return ok;
}

/** The message for a zone the runtime does not know, or null. */
export function timezoneProblem(tz: string): string | null {
  return isValidTimezone(tz) ? null : `Unknown time zone "${tz}": use an IANA name such as Europe/Berlin or UTC.`;
}

/** Every zone the runtime supports, UTC first (for the timezone dropdown). */
export function listTimezones(): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...all.filter((z) => z !== "UTC")];
}
