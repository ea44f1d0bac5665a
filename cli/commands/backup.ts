/* `lifeboat backup create|list|show`: start a manual backup (POST …/environments/{id}/backups, optionally
 * waiting for its end: exit 1 unless it succeeded), list an environment's backups, show one. */
import { parseSeconds, str } from "../args";
import { EXIT } from "../errors";
import { formatBytes, formatTime, table } from "../output";
import { findEnvironment } from "../resolve";
import { type TBackup, ZAccepted, ZBackup, ZBackupPage } from "../schemas";
import { waitFor } from "../wait";
import type { Command } from "../context";
import { usageError } from "../errors";

const ENV = {
  type: "string",
  value: "project/env",
  description: "The environment: project slug / environment slug.",
} as const;

export function backupLines(b: TBackup): string[] {
  const lines = [
    `Backup ${b.id}: ${b.status}`,
    `  trigger ${b.trigger}${b.live ? " · live" : " · consistent"} · created ${formatTime(b.createdAt)} · finished ${formatTime(b.finishedAt)}`,
    `  size ${formatBytes(b.totalBytes)} · added ${formatBytes(b.addedBytes)}`,
  ];
  if (b.error) lines.push(`  error: ${b.error.message}`);
  if (b.sources.length) {
    lines.push("");
    lines.push(
      ...table(
        ["SOURCE", "TYPE", "STATUS", "SIZE", "DESTINATION", "SNAPSHOT"],
        b.sources.map((s) => [
          s.name,
          s.type,
          s.status,
          formatBytes(s.totalBytes),
          s.destinationName ?? "–",
          s.snapshotId?.slice(0, 8) ?? "–",
        ]),
      ).map((l) => `  ${l}`),
    );
    for (const s of b.sources) if (s.error) lines.push(`  ${s.name}: ${s.error.message}`);
  }
  return lines;
}

export const backupCommands: Command[] = [
  {
    path: ["backup", "create"],
    summary: "Start a manual backup of an environment",
    options: {
      env: ENV,
      live: { type: "boolean", description: "Live: no pre/post commands, the application keeps running." },
      consistent: { type: "boolean", description: "Consistent: run the environment's pre/post commands around it." },
      wait: { type: "boolean", description: "Wait for the end; exit 1 unless the backup succeeded." },
      timeout: { type: "string", value: "seconds", description: "With --wait: give up after this long (exit 1)." },
    },
    required: ["env"],
    async run({ api, values, out }) {
      if (values.live && values.consistent) throw usageError("Choose --live or --consistent, not both.");
      const timeoutSeconds = parseSeconds(str(values, "timeout"), "--timeout");
      const env = await findEnvironment(api(), str(values, "env")!);
      const live = values.live ? true : values.consistent ? false : undefined;
      const started = await api().send(
        "POST",
        `/environments/${env.id}/backups`,
        live === undefined ? {} : { live },
        ZAccepted,
      );
      if (!values.wait) {
        out.result(
          started,
          () => `Backup ${started.id} of ${env.ref} queued (follow it: lifeboat backup show ${started.id}).`,
        );
        return EXIT.ok;
      }
      out.info(`Backup ${started.id} of ${env.ref} started.`);
      const done = await waitFor(api(), out, {
        label: "Backup",
        path: `/backups/${started.id}`,
        shape: ZBackup,
        timeoutSeconds,
      });
      out.result(done, () => backupLines(done));
      return done.status === "succeeded" ? EXIT.ok : EXIT.failed;
    },
  },
  {
    path: ["backup", "list"],
    summary: "List an environment's backups, newest first",
    options: {
      env: ENV,
      limit: { type: "string", value: "n", description: "How many (default 20, at most 200)." },
      cursor: { type: "string", value: "cursor", description: "The next page (nextCursor of the previous one)." },
    },
    required: ["env"],
    async run({ api, values, out }) {
      const limit = str(values, "limit") ?? "20";
      if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 200)
        throw usageError("--limit takes a number from 1 to 200.");
      const env = await findEnvironment(api(), str(values, "env")!);
      const q = new URLSearchParams({ limit, ...(str(values, "cursor") ? { cursor: str(values, "cursor")! } : {}) });
      const page = await api().get(`/environments/${env.id}/backups?${q}`, ZBackupPage);
      out.result(page, () => {
        if (!page.items.length) return `${env.ref} has no backups yet.`;
        const lines = table(
          ["ID", "CREATED", "TRIGGER", "STATUS", "SIZE", "ADDED"],
          page.items.map((b) => [
            b.id,
            formatTime(b.createdAt),
            b.trigger,
            b.status,
            formatBytes(b.totalBytes),
            formatBytes(b.addedBytes),
          ]),
        );
        if (page.nextCursor) lines.push(`More: lifeboat backup list --env ${env.ref} --cursor ${page.nextCursor}`);
        return lines;
      });
      return EXIT.ok;
    },
  },
  {
    path: ["backup", "show"],
    summary: "Show one backup: status, sizes, sources, error",
    args: ["backupId"],
    async run({ api, args, out }) {
      const b = await api().get(`/backups/${encodeURIComponent(args[0]!)}`, ZBackup);
      out.result(b, () => backupLines(b));
      return EXIT.ok;
    },
  },
];
