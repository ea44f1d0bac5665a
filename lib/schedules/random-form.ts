/* The stable random schedule forms (`@hourly-random`, `@daily-random`, `@nightly-random`,
 * `@weekly-random`). Invariant: the same environment id always expands to the same concrete cron, and
 * different ids spread evenly over the minutes/hours of the window, so a thousand environments do not all
 * start at midnight. Pure: a hash of the id, no randomness at run time, no clock. */
import { createHash } from "node:crypto";
import { isRandomForm } from "./cron-check";

/** Hours of the "nightly" window (22:00–05:59 local time): quiet hours for best-effort environments. */
const NIGHT_HOURS = [22, 23, 0, 1, 2, 3, 4, 5];

/** A 48-bit unsigned number from the id; sha256 so neighbouring ids (uuids, sequences) still spread. */
function hashOf(seed: string): number {
  const digest = createHash("sha256").update(seed).digest();
  return digest.readUIntBE(0, 6);
}

/**
 * Turns a random form into a concrete 5-field cron for this environment; any other expression is
 * returned unchanged. `seed` is the environment id.
 */
export function expandRandomForm(cron: string, seed: string): string {
  const form = cron.trim();
  if (!isRandomForm(form)) return cron;
  const h = hashOf(`${form}:${seed}`);
  const minute = h % 60;
  const slot = Math.floor(h / 60);
  switch (form) {
    case "@hourly-random":
      return `${minute} * * * *`;
    case "@daily-random":
      return `${minute} ${slot % 24} * * *`;
    case "@nightly-random":
      return `${minute} ${NIGHT_HOURS[slot % NIGHT_HOURS.length]} * * *`;
    case "@weekly-random":
      return `${minute} ${slot % 24} * * ${Math.floor(slot / 24) % 7}`;
  }
}
