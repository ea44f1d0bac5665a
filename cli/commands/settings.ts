/* `lifeboat settings get|set --env …`: the gear icon's backup settings (GET|PUT
 * /api/v1/environments/{id}/backup-settings). `set` merges what it is given into the current settings
 * (GET then PUT), so a field not named keeps its value — and stays inherited when it was. It takes the
 * settings JSON itself (--json-body) or Platform.sh's data_retention document (--data-retention). */
import { str } from "../args";
import { EXIT, usageError } from "../errors";
import { mapDataRetention } from "../data-retention";
import { formatTime } from "../output";
import { findEnvironment } from "../resolve";
import { type TSettings, ZSettings } from "../schemas";
import type { Command } from "../context";

const ENV = {
  type: "string",
  value: "project/env",
  description: "The environment: project slug / environment slug.",
} as const;

function settingsLines(ref: string, s: TSettings): string[] {
  const inh = (f: string) => (s.inherited?.includes(f) ? "  (inherited)" : "");
  return [
    `Backup settings of ${ref}`,
    `  schedules:        ${s.schedules.map((x) => `${x.cron}${x.timezone ? ` (${x.timezone})` : ""}`).join(", ") || "none"}${inh("schedules")}`,
    `  retention:        ${s.retentionDescription ?? JSON.stringify(s.retention)}${inh("retention")}`,
    `  manual backups:   ${s.maxManualBackups}${inh("maxManualBackups")}`,
    `  destinations:     ${s.destinationIds.join(", ") || "none"}${inh("destinationIds")}`,
    `  mode:             ${s.live ? "live" : "consistent"}${inh("live")}`,
    ...(s.nextRuns?.length ? [`  next runs:        ${s.nextRuns.map(formatTime).join(", ")}`] : []),
    ...(s.describe ? ["", s.describe] : []),
  ];
}

function parseBody(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw usageError(`--json-body is not valid JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw usageError("--json-body takes a JSON object (the backup settings).");
  return v as Record<string, unknown>;
}

export const settingsCommands: Command[] = [
  {
    path: ["settings", "get"],
    summary: "Show an environment's backup settings",
    options: { env: ENV },
    required: ["env"],
    async run({ api, values, out }) {
      const env = await findEnvironment(api(), str(values, "env")!);
      const s = await api().get(`/environments/${env.id}/backup-settings`, ZSettings);
      out.result(s, () => settingsLines(env.ref, s));
      return EXIT.ok;
    },
  },
  {
    path: ["settings", "set"],
    summary: "Change backup settings (JSON, or Platform.sh data_retention)",
    options: {
      env: ENV,
      "json-body": {
        type: "string",
        value: "json",
        description: 'Backup settings to change, e.g. \'{"maxManualBackups": 5, "live": true}\' (null: inherit again).',
      },
      "data-retention": {
        type: "string",
        value: "json",
        description: "Platform.sh's data_retention JSON: schedule → retention, manual_count → manual backups kept.",
      },
    },
    required: ["env"],
    async run({ api, values, out }) {
      const bodyText = str(values, "json-body");
      const retentionText = str(values, "data-retention");
      if ((bodyText === undefined) === (retentionText === undefined))
        throw usageError("Give either --json-body or --data-retention (one of them).");
      const given = bodyText !== undefined ? parseBody(bodyText) : null; // usage errors before any call
      if (retentionText !== undefined) mapDataRetention(retentionText, "default", { syntaxOnly: true });
      const env = await findEnvironment(api(), str(values, "env")!);
      let change: Record<string, unknown>;
      if (retentionText !== undefined) {
        const { ignored, usedKey, ...mapped } = mapDataRetention(retentionText, env.type);
        if (ignored.length) out.info(`Not mapped (Lifeboat has no such setting here): ${ignored.join(", ")}.`);
        if (usedKey)
          out.info(`Using the "${usedKey}" policy of the data_retention JSON for this ${env.type} environment.`);
        change = mapped;
      } else change = given!;

      const current = await api().get(`/environments/${env.id}/backup-settings`, ZSettings);
      const body = {
        schedules: current.schedules,
        retention: current.retention,
        maxManualBackups: current.maxManualBackups,
        // Left out, the server would reset it to the type's default: send back what GET said.
        ...(current.maxBackups !== undefined ? { maxBackups: current.maxBackups } : {}),
        destinationIds: current.destinationIds,
        live: current.live,
        ...change,
      };
      const saved = await api().send("PUT", `/environments/${env.id}/backup-settings`, body, ZSettings);
      out.result(saved, () => settingsLines(env.ref, saved));
      return EXIT.ok;
    },
  },
];
