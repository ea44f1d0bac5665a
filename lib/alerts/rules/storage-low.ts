/* storage_low: a destination holds more than the budget (GiB) the admin set for it, or a local
 * destination's disk has less than 10 % free. Stored = the deduplicated growth of its kept snapshots
 * (sum of added_bytes, as the Monitoring tab and /metrics count it), in one query for all destinations.
 * Free space is statfs of the local repository path *in the evaluating process*: a path this process
 * cannot see (the repository is mounted on a worker only) is skipped, not reported. */
import { statfs } from "node:fs/promises";
import { formatBytes } from "@/components/ui/format";
import { STORED_BYTES_BY_DESTINATION_SQL } from "@/lib/destinations/storage/stored-bytes";
import type { AlertRule, FailingCondition } from "./types";

export const LOW_FREE_RATIO = 0.1;
const GIB = 1024 ** 3;

async function freeSpace(path: string): Promise<{ free: number; total: number } | null> {
  try {
    const s = await statfs(path);
    return { free: Number(s.bavail) * Number(s.bsize), total: Number(s.blocks) * Number(s.bsize) };
  } catch {
    return null; // not visible from this process
  }
}

export const storageLowRule: AlertRule = {
  kind: "storage_low",
  async evaluate(q, _now, opts) {
    const rows = await q(
      `select d.id, d.name, d.type, d.config->>'path' as path, s.budget_gib, coalesce(u.stored, 0) as stored
       from destinations d
       left join destination_storage_settings s on s.destination_id = d.id
       left join ${STORED_BYTES_BY_DESTINATION_SQL} u on u.destination_id = d.id
       where s.budget_gib is not null or d.type = 'local'`,
      [],
    );
    const out: FailingCondition[] = [];
    for (const r of rows) {
      const problems: string[] = [];
      const stored = Number(r.stored);
      if (r.budget_gib != null && stored > Number(r.budget_gib) * GIB)
        problems.push(
          `holds ${formatBytes(stored)}, above its budget of ${formatBytes(Number(r.budget_gib) * GIB)}. Shorten retention so old backups are pruned, or raise the budget in the destination's settings`,
        );
      const disk = r.type === "local" && r.path ? await (opts.statfs ?? freeSpace)(r.path) : null;
      if (disk && disk.total > 0 && disk.free / disk.total < LOW_FREE_RATIO)
        problems.push(
          `is on a disk with only ${Math.floor((disk.free / disk.total) * 100)} % free (${formatBytes(disk.free)} of ${formatBytes(disk.total)} at ${r.path}). Free space on that disk or move backups to another destination before backups start failing`,
        );
      if (!problems.length) continue;
      out.push({
        kind: "storage_low",
        subjectKey: `dest:${r.id}`,
        destinationId: r.id,
        severity: "warning",
        message: `Destination ${r.name} ${problems.join("; it also ")}.`,
        details: { subject: `Destination ${r.name}`, storedBytes: stored, budgetGib: r.budget_gib ?? null },
      });
    }
    return out;
  },
};
