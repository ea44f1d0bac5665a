/* Platform.sh's `data_retention` JSON → Lifeboat backup settings. Platform.sh keys the policy by
 * environment type ("default" for all the others):
 *   {"default": {"default_config": {"manual_count": 3, "schedule": [{"interval": "1d", "count": 7}, …]}}}
 * (also accepted wrapped as {"data_retention": …}, or the `default_config` object itself).
 * `schedule` becomes `retention: {intervals: […]}` (Lifeboat's spelling of the same list, ZRetention) and
 * `manual_count` becomes `maxManualBackups`, `max_backups` (manual and automated together) `maxBackups`.
 * Pure: the caller merges the result into the current settings. */
import { z } from "zod";
import { ZRetention } from "../lib/retention/schema"; // relative: resolved the same from any working directory
import { usageError } from "./errors";

const ZDefaultConfig = z.looseObject({
  manual_count: z
    .number({ message: "manual_count must be a number." })
    .int("manual_count must be a whole number.")
    .min(0, "manual_count cannot be negative.")
    .optional(),
  max_backups: z
    .number({ message: "max_backups must be a number." })
    .int("max_backups must be a whole number.")
    .min(0, "max_backups cannot be negative.")
    .optional(),
  schedule: z
    .array(z.looseObject({ interval: z.unknown(), count: z.unknown() }), {
      message: "schedule must be a list of {interval, count}.",
    })
    .optional(),
});

export type RetentionChange = {
  retention?: { intervals: { interval: string; count: number }[] };
  maxManualBackups?: number;
  maxBackups?: number;
  /** Keys Lifeboat does not map, for a warning. */
  ignored: string[];
  /** Which environment-type key of the document was used ("default", "production", …). */
  usedKey: string | null;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Picks the policy for `environmentType` out of a parsed data_retention document. */
function pickConfig(doc: Record<string, unknown>, environmentType: string): { config: unknown; key: string | null } {
  const root = isObject(doc.data_retention) ? doc.data_retention : doc;
  if ("default_config" in root || "schedule" in root || "manual_count" in root)
    return { config: isObject(root.default_config) ? root.default_config : root, key: null };
  const key = environmentType in root ? environmentType : "default" in root ? "default" : null;
  if (!key)
    throw usageError(
      `The data_retention JSON has no "${environmentType}" or "default" policy (found: ${Object.keys(root).join(", ") || "nothing"}).`,
    );
  const entry = root[key];
  if (!isObject(entry) || !isObject(entry.default_config))
    throw usageError(`data_retention.${key} needs a "default_config" object with "schedule" and/or "manual_count".`);
  return { config: entry.default_config, key };
}

/** With `syntaxOnly`, only checks that the text is a JSON object (before the environment is known). */
export function mapDataRetention(
  text: string,
  environmentType: string,
  opts: { syntaxOnly?: boolean } = {},
): RetentionChange {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw usageError(`--data-retention is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw usageError("--data-retention takes a JSON object (Platform.sh's data_retention).");
  if (opts.syntaxOnly) return { ignored: [], usedKey: null };
  const { config, key } = pickConfig(doc, environmentType);
  const parsed = ZDefaultConfig.safeParse(config);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw usageError(`data_retention: ${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
  }
  const { manual_count, max_backups, schedule, ...rest } = parsed.data;
  const change: RetentionChange = { ignored: Object.keys(rest), usedKey: key };
  if (schedule) {
    const r = ZRetention.safeParse({ intervals: schedule });
    if (!r.success) {
      const i = r.error.issues[0]!;
      const where = ["schedule", ...i.path.slice(1)].join(".");
      throw usageError(`data_retention ${where}: ${i.message}`);
    }
    change.retention = r.data as RetentionChange["retention"];
  }
  if (manual_count !== undefined) change.maxManualBackups = manual_count;
  if (max_backups !== undefined) change.maxBackups = max_backups;
  if (!change.retention && change.maxManualBackups === undefined && change.maxBackups === undefined)
    throw usageError(
      'The data_retention JSON sets none of "schedule", "manual_count" or "max_backups": nothing to change.',
    );
  return change;
}
