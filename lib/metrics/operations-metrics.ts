/* The Prometheus series of destinations, jobs and open alerts, set from the operations facts of one
 * scrape. Every known alert kind is exported (0 when none is open) so alerting rules never see a gap. */
import { Counter, Gauge, type Registry } from "prom-client";
import { ALERT_KINDS } from "@/lib/alerts/schema";
import type { OperationsFacts } from "./operations-facts";

const PENDING = new Set(["queued", "running"]);
const seconds = (d: Date) => d.getTime() / 1000;

export function registerOperationsMetrics(registry: Registry, facts: OperationsFacts, now: Date): void {
  const registers = [registry];
  const destGauge = (name: string, help: string, extra: string[] = []) =>
    new Gauge({ name, help, labelNames: ["destination", ...extra], registers });
  const dInfo = destGauge("lifeboat_destination_info", "Destinations (value 1) with their type.", ["type", "default"]);
  const dUp = destGauge(
    "lifeboat_destination_up",
    "0 while an open destination_unreachable alert names it, or its last verification failed and nothing was " +
      "written to it since; else 1.",
  );
  const dBytes = destGauge(
    "lifeboat_destination_stored_bytes",
    "Data the kept snapshots added to the repository (deduplicated growth).",
  );
  const dSnaps = destGauge("lifeboat_destination_snapshots", "Snapshots of kept backups in the repository.");
  const dLast = destGauge("lifeboat_destination_last_snapshot_timestamp_seconds", "When a snapshot was last written.");
  const dVerifyAt = destGauge("lifeboat_destination_last_verify_timestamp_seconds", "When it was last verified.");
  const dVerifyOk = destGauge("lifeboat_destination_last_verify_success", "1 when the last verification succeeded.");
  for (const d of facts.destinations) {
    const l = { destination: d.name };
    dInfo.set({ ...l, type: d.type, default: String(d.isDefault) }, 1);
    const writtenSince = d.lastVerify && d.lastSnapshotAt ? d.lastSnapshotAt > d.lastVerify.at : false;
    dUp.set(l, d.openUnreachableAlert || (d.lastVerify?.ok === false && !writtenSince) ? 0 : 1);
    dBytes.set(l, d.storedBytes);
    dSnaps.set(l, d.snapshots);
    if (d.lastSnapshotAt) dLast.set(l, seconds(d.lastSnapshotAt));
    if (d.lastVerify) {
      dVerifyAt.set(l, seconds(d.lastVerify.at));
      dVerifyOk.set(l, d.lastVerify.ok ? 1 : 0);
    }
  }

  const pending = new Gauge({
    name: "lifeboat_jobs",
    help: "Jobs waiting or running now, by kind and status (queued, running).",
    labelNames: ["kind", "status"],
    registers,
  });
  const oldest = new Gauge({
    name: "lifeboat_job_oldest_queued_age_seconds",
    help: "Age of the oldest job still queued, by kind (0 when none waits).",
    labelNames: ["kind"],
    registers,
  });
  const finished = new Counter({
    name: "lifeboat_jobs_finished_total",
    help: "Jobs that finished, by kind and final status.",
    labelNames: ["kind", "status"],
    registers,
  });
  const busy = new Counter({
    name: "lifeboat_job_duration_seconds_total",
    help: "Summed run time of finished jobs by kind; divide its rate by jobs_finished_total's for the mean.",
    labelNames: ["kind"],
    registers,
  });
  for (const kind of new Set(["backup", "restore", ...facts.jobs.map((j) => j.kind)])) {
    for (const status of PENDING) pending.set({ kind, status }, 0);
    oldest.set({ kind }, 0);
    busy.inc({ kind }, 0);
  }
  for (const j of facts.jobs) {
    if (PENDING.has(j.status)) {
      pending.set({ kind: j.kind, status: j.status }, j.count);
      if (j.status === "queued" && j.oldestCreatedAt)
        oldest.set({ kind: j.kind }, Math.max(0, (now.getTime() - j.oldestCreatedAt.getTime()) / 1000));
    } else {
      finished.inc({ kind: j.kind, status: j.status }, j.count);
      busy.inc({ kind: j.kind }, j.durationSecondsSum);
    }
  }

  const open = new Gauge({
    name: "lifeboat_alerts_open",
    help: "Open alerts by kind.",
    labelNames: ["kind"],
    registers,
  });
  for (const kind of ALERT_KINDS) open.set({ kind }, 0);
  for (const a of facts.openAlerts) open.set({ kind: a.kind }, a.count);
}
