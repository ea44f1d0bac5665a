/* Which part of the data an integrity check reads. "subset" rotates: the n of restic's
 * `--read-data-subset=n/t` follows the destination's last subset check, so t daily checks read every pack
 * once (restic splits packs into t groups by id). Also how much of the data was read in a window, from
 * the checks that succeeded in it. Pure. */
import type { ReadDataMode } from "../schema";

/** The `--read-data-subset` value for the next check, or undefined for "none"/"all". */
export function nextReadDataSubset(mode: ReadDataMode, lastSubset: string | null | undefined, runs: number) {
  if (mode !== "subset") return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(lastSubset ?? "");
  const n = m && Number(m[2]) === runs ? (Number(m[1]) % runs) + 1 : 1;
  return `${n}/${runs}`;
}

/** Percent (0–100) of the data read by the succeeded checks given: a full read is 100; otherwise the
 * distinct groups n of the current t read, over t. */
export function dataReadPercent(checks: { readData: ReadDataMode; readDataSubset: string | null }[], runs: number) {
  if (checks.some((c) => c.readData === "all")) return 100;
  const groups = new Set<number>();
  for (const c of checks) {
    const m = /^(\d+)\/(\d+)$/.exec(c.readDataSubset ?? "");
    if (m && Number(m[2]) === runs) groups.add(Number(m[1]));
  }
  return Math.round((groups.size / runs) * 1000) / 10;
}
