/* Slot-safety alerts of PITR sources, raised and resolved through syncAlertConditions:
 *  - wal_stream_down: the stream has been down (or never came up) for more than 10 minutes — the slot
 *    now keeps WAL on the user's server;
 *  - wal_slot_retention: the slot retains more than the threshold (default 5 GiB).
 * Both recommend max_slot_wal_keep_size, which caps what a slot may hold (past it the slot is lost and
 * Lifeboat records a gap and takes a fresh base backup, instead of the server's disk filling up). */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { syncAlertConditions } from "@/lib/alerts/evaluate";
import type { FailingCondition } from "@/lib/alerts/rules/types";

export const STREAM_DOWN_ALERT_SECONDS = 10 * 60;
export const SLOT_RETENTION_ALERT_BYTES = 5 * 1024 ** 3;
const KEEP_HINT =
  "Set max_slot_wal_keep_size on the server (e.g. ALTER SYSTEM SET max_slot_wal_keep_size = '20GB'; SELECT pg_reload_conf();) so a stalled stream can never fill its disk.";

type StreamAlertRow = {
  id: string;
  name: string;
  environment_id: string;
  env_name: string;
  project_id: string;
  project_name: string;
  state: string;
  message: string | null;
  down_since: string | Date | null;
  slot_retained_bytes: string | number | null;
};

const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;

export async function pitrFailingConditions(
  now: Date,
  opts: { downSeconds?: number; retainedBytes?: number } = {},
): Promise<FailingCondition[]> {
  const { rows } = await getDb().execute(sql`
    select s.id, s.name, s.environment_id, e.name as env_name, p.id as project_id, p.name as project_name,
           ps.state, ps.message, ps.down_since, ps.slot_retained_bytes, ps.updated_at
      from pitr_streams ps
      join sources s on s.id = ps.source_id and (s.config->'pitr'->>'enabled')::boolean is true
      join environments e on e.id = s.environment_id
      join projects p on p.id = e.project_id`);
  const downLimit = opts.downSeconds ?? STREAM_DOWN_ALERT_SECONDS;
  const retainedLimit = opts.retainedBytes ?? SLOT_RETENTION_ALERT_BYTES;
  const out: FailingCondition[] = [];
  for (const r of rows as StreamAlertRow[]) {
    const subject = `${r.project_name} / ${r.env_name} / ${r.name}`;
    const base = { environmentId: r.environment_id, details: { subject, projectId: r.project_id, sourceId: r.id } };
    const downSince = r.down_since ? new Date(r.down_since) : null;
    if (downSince && now.getTime() - downSince.getTime() > downLimit * 1000)
      out.push({
        ...base,
        kind: "wal_stream_down",
        subjectKey: `source:${r.id}`,
        severity: "critical",
        message: `The WAL stream of ${subject} has been down since ${downSince.toISOString()} (${r.message ?? "no reason given"}). Point-in-time recovery stops at that moment, and the replication slot keeps WAL on the server. ${KEEP_HINT}`,
      });
    if (r.slot_retained_bytes !== null && Number(r.slot_retained_bytes) > retainedLimit)
      out.push({
        ...base,
        kind: "wal_slot_retention",
        subjectKey: `source:${r.id}`,
        severity: "warning",
        message: `The replication slot of ${subject} holds ${gib(Number(r.slot_retained_bytes))} of WAL on the server (limit ${gib(retainedLimit)}). ${KEEP_HINT}`,
      });
  }
  return out;
}

export async function syncPitrAlerts(now = new Date(), opts: { downSeconds?: number; retainedBytes?: number } = {}) {
  return syncAlertConditions(["wal_stream_down", "wal_slot_retention"], await pitrFailingConditions(now, opts), {
    now,
  });
}
