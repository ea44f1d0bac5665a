/* The one check of a cron expression, browser-safe (no node: imports): the settings form runs it as you
 * type and the server (ZSchedule, the preview, the scheduler's filter of old rows) runs the same code,
 * so both say the same words. Messages name the field and what was typed ("minute must be 0-59 (you
 * typed 61)") instead of the cron library's text; the library (cron-parser, which the scheduler uses)
 * still has the last word, so nothing passes here that the scheduler cannot run. Pure. */
import { CronExpressionParser } from "cron-parser";

export const RANDOM_FORMS = ["@hourly-random", "@daily-random", "@nightly-random", "@weekly-random"] as const;
export type RandomForm = (typeof RANDOM_FORMS)[number];
const MACROS = ["@hourly", "@daily", "@weekly", "@monthly"] as const;

export function isRandomForm(cron: string): cron is RandomForm {
  return (RANDOM_FORMS as readonly string[]).includes(cron.trim());
}

export type CronCheck = { ok: true } | { ok: false; message: string };

type FieldRule = { name: string; min: number; max: number; names?: string[]; namesFrom?: number };
const FIELDS: FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    namesFrom: 1,
  },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], namesFrom: 0 },
];
const RANGE_HINT: Record<string, string> = {
  month: " or JAN-DEC",
  "day of week": " or SUN-SAT",
};

/** One value of a field (a number or, for month/day of week, a name) → its number, or a problem. */
function fieldValue(text: string, f: FieldRule): number | string {
  const upper = text.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (f.namesFrom ?? 0);
  if (!/^\d+$/.test(text)) {
    return `${f.name} must be a number ${f.min}-${f.max}${RANGE_HINT[f.name] ?? ""} (you typed ${text})`;
  }
  const n = Number(text);
  if (n < f.min || n > f.max)
    return `${f.name} must be ${f.min}-${f.max}${RANGE_HINT[f.name] ?? ""} (you typed ${text})`;
  return n;
}

/** The problem with one comma-separated item ("*", "*\/15", "1-5", "MON-FRI/2", "30"), or null. */
function itemProblem(item: string, f: FieldRule): string | null {
  if (item === "") return `${f.name} has an empty item in its list (two commas in a row or a trailing comma)`;
  const [base, step, extra] = item.split("/");
  if (extra !== undefined) return `${f.name} has more than one "/" in ${item}`;
  if (step !== undefined && !/^\d+$/.test(step)) return `the step after "/" in ${item} must be a number`;
  if (step !== undefined && Number(step) < 1) return `the step in ${f.name} must be at least 1 (you typed ${item})`;
  if (base === "*") return null;
  const [from, to, more] = base!.split("-");
  if (more !== undefined) return `${f.name} range ${base} has more than one "-"`;
  const a = fieldValue(from!, f);
  if (typeof a === "string") return a;
  if (to === undefined) return null;
  const b = fieldValue(to, f);
  if (typeof b === "string") return b;
  if (a > b) return `${f.name} range ${base} goes backwards: put the smaller value first (${to}-${from})`;
  return null;
}

/** cron-parser extensions (L, W, #, ?, H) are left to the library alone. */
const EXTENSION = /[LW#?H]/i;

function fieldProblem(text: string, f: FieldRule): string | null {
  const withoutNames = (f.names ?? []).reduce((t, n) => t.replace(new RegExp(n, "gi"), "0"), text);
  if (EXTENSION.test(withoutNames)) return null;
  for (const item of text.split(",")) {
    const problem = itemProblem(item, f);
    if (problem) return problem;
  }
  return null;
}

function libraryProblem(cron: string): string | null {
  try {
    CronExpressionParser.parse(cron, { tz: "UTC", strict: false }).next();
    return null;
  } catch (e) {
    const text = (e as Error).message;
    if (/explicit day of month/i.test(text)) return "that day of the month never occurs in the chosen month(s)";
    return text;
  }
}

/** Checks one expression (not the time zone). The message reads "Not a valid cron expression: <cron> —
 * <what is wrong>." */
export function checkCron(expr: string): CronCheck {
  const cron = (expr ?? "").trim();
  if (!cron) return { ok: false, message: "Not a valid cron expression: it is empty." };
  if (cron.startsWith("@")) {
    if ((MACROS as readonly string[]).includes(cron) || isRandomForm(cron)) return { ok: true };
    return {
      ok: false,
      message: `Not a valid cron expression: ${cron} is not a known shortcut. Use @hourly, @daily, @weekly, @monthly, @hourly-random, @daily-random, @nightly-random or @weekly-random.`,
    };
  }
  const fields = cron.split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      message: `Not a valid cron expression: ${cron} has ${fields.length} field${fields.length === 1 ? "" : "s"}; use 5 (minute hour day-of-month month day-of-week), e.g. "0 2 * * *".`,
    };
  }
  const problem = fields.map((text, i) => fieldProblem(text, FIELDS[i]!)).find(Boolean) ?? libraryProblem(cron);
  return problem ? { ok: false, message: `Not a valid cron expression: ${cron} — ${problem}.` } : { ok: true };
}
