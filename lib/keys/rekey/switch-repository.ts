/* The re-key's switch: ONE transaction that points the destination at the new repository (config and
 * sealed password; a pending rotation password is dropped, keyRotatedAt set) and rewrites every row that
 * holds a snapshot id of this destination — backup_snapshots.snapshot_id, backup_copies.snapshot_ids
 * (where the destination is a copy target) and pitr_snapshot_cache (rows of snapshots not copied are
 * dropped: a cache) — and marks the re-key switched with the old repository's location and password and
 * when it is deleted. The destination update is conditional on the row still naming the old repository
 * (config and password as loaded): if anything changed it, nothing commits. Before the commit the
 * destination works on the old repository, after it on the new one; never half. Snapshot ids are mapped
 * by full id and by the 8-character short id restic prints (rows of older backups may hold those). */
import "server-only";
import { inTransaction } from "@/lib/jobs/tx";
import type { RekeyRow } from "./rekey-rows";

export type SwitchInput = {
  row: RekeyRow;
  old: { config: Record<string, unknown>; passwordEnc: string };
  snapshotMap: Record<string, string>;
  now: Date;
};

export type SwitchResult = { snapshotRows: number; copyRows: number; pitrRows: number; deleteAfter: Date };

/** old id (full and short) → new full id */
export function idLookup(snapshotMap: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [o, n] of Object.entries(snapshotMap)) {
    out[o] = n;
    out[o.slice(0, 8)] = n;
  }
  return out;
}

export async function switchRepository(i: SwitchInput): Promise<SwitchResult> {
  const { row, old, now } = i;
  const lookup = JSON.stringify(idLookup(i.snapshotMap));
  const deleteAfter = new Date(now.getTime() + row.keepOldDays * 86_400_000);
  return inTransaction(async (q) => {
    const dest = await q.executeSql(
      `update destinations set config = $2::jsonb, repo_password_enc = $3, pending_repo_password_enc = null,
         key_rotated_at = $6, updated_at = $6
       where id = $1 and repo_password_enc = $4 and config = $5::jsonb
       returning id`,
      [
        row.destinationId,
        JSON.stringify(row.newConfig),
        row.newPasswordEnc,
        old.passwordEnc,
        JSON.stringify(old.config),
        now.toISOString(),
      ],
    );
    if (dest.rows.length !== 1)
      throw new Error(
        "The destination changed while it was re-keyed (its location or password); nothing was switched.",
      );
    const snaps = await q.executeSql(
      `update backup_snapshots bs set snapshot_id = m.value
       from jsonb_each_text($2::jsonb) m
       where bs.destination_id = $1 and bs.snapshot_id = m.key
       returning bs.id`,
      [row.destinationId, lookup],
    );
    const copies = await q.executeSql(
      `update backup_copies c set snapshot_ids = (
         select coalesce(jsonb_agg(coalesce($2::jsonb ->> t.e, t.e) order by t.o), '[]'::jsonb)
         from jsonb_array_elements_text(c.snapshot_ids) with ordinality as t(e, o))
       where c.destination_id = $1 and jsonb_array_length(c.snapshot_ids) > 0
       returning c.id`,
      [row.destinationId, lookup],
    );
    await q.executeSql(
      `delete from pitr_snapshot_cache p where p.destination_id = $1 and not ($2::jsonb ? p.snapshot_id)`,
      [row.destinationId, lookup],
    );
    const pitr = await q.executeSql(
      `update pitr_snapshot_cache p set snapshot_id = $2::jsonb ->> p.snapshot_id
       where p.destination_id = $1 and $2::jsonb ? p.snapshot_id
       returning p.snapshot_id`,
      [row.destinationId, lookup],
    );
    const marked = await q.executeSql(
      `update repository_rekeys set status = 'switched', step = 'switched', old_config = $2::jsonb,
         old_password_enc = $3, snapshot_map = $4::jsonb, switched_at = $5, delete_after = $6, error = null
       where id = $1 and status in ('queued', 'running')
       returning id`,
      [
        row.id,
        JSON.stringify(old.config),
        old.passwordEnc,
        JSON.stringify(i.snapshotMap),
        now.toISOString(),
        deleteAfter.toISOString(),
      ],
    );
    if (marked.rows.length !== 1)
      throw new Error("This re-key was cancelled or settled meanwhile; nothing was switched.");
    return { snapshotRows: snaps.rows.length, copyRows: copies.rows.length, pitrRows: pitr.rows.length, deleteAfter };
  });
}
