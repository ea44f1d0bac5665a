/* The verdict of the DR page, pure and browser-safe: each measurement against its target, green
 * (ok) / amber (at_risk) / red (failing), with words that say what it means and what to do.
 *  - Newest good backup: within the RPO ok; within RPO + grace (the overdue alert's threshold) at risk;
 *    beyond, or none at all, failing.
 *  - Worst gap between good backups in the last 30 days: within the RPO ok, else at risk (a past breach).
 *  - Last test restore: none, still running or older than 30 days at risk; failed, or slower than the
 *    RTO, failing; else ok. The status of the environment is the worst line. */
import { formatDuration, formatRelative } from "@/components/ui/format";
import { overdueAfterSeconds, spanInWords } from "@/lib/environments/rpo-target";
import { type DrLine, type DrView, worstDr } from "./schema";

const PROVEN_WITHIN_MS = 30 * 86_400_000;

type Measured = DrView["measured"];
type TargetSet = DrView["targets"];

const span = (seconds: number) => formatDuration(seconds * 1000);

export function lastGoodLine(t: TargetSet, m: Measured, now: Date): DrLine {
  const key = "last_good";
  if (!m.lastGoodBackupAt) {
    return { key, status: "failing", message: "No good backup yet. Run Backup now and make sure a schedule is on." };
  }
  const age = (now.getTime() - new Date(m.lastGoodBackupAt).getTime()) / 1000;
  const rpo = spanInWords(t.rpoSeconds);
  const when = formatRelative(m.lastGoodBackupAt, now);
  if (age <= t.rpoSeconds) return { key, status: "ok", message: `Newest good backup ${when}, within the ${rpo} RPO.` };
  if (age <= overdueAfterSeconds(t.rpoSeconds)) {
    return {
      key,
      status: "at_risk",
      message: `Newest good backup ${when}: past the ${rpo} RPO. The next backup is due now.`,
    };
  }
  return {
    key,
    status: "failing",
    message: `Newest good backup ${when}: ${span(age - t.rpoSeconds)} past the ${rpo} RPO. Run Backup now and check the schedule and workers.`,
  };
}

export function worstGapLine(t: TargetSet, m: Measured): DrLine {
  const key = "worst_gap";
  const rpo = spanInWords(t.rpoSeconds);
  if (m.worstGapSeconds30d === null) {
    return { key, status: "at_risk", message: "No good backups in the last 30 days to measure a gap between." };
  }
  const gap = span(m.worstGapSeconds30d);
  if (m.worstGapSeconds30d <= t.rpoSeconds) {
    return {
      key,
      status: "ok",
      message: `Worst gap between good backups in the last 30 days: ${gap}, within the ${rpo} RPO.`,
    };
  }
  return {
    key,
    status: "at_risk",
    message: `Worst gap between good backups in the last 30 days: ${gap}, longer than the ${rpo} RPO — a failure then would have lost up to ${gap} of data.`,
  };
}

export function testRestoreLine(t: TargetSet, m: Measured, now: Date): DrLine {
  const key = "test_restore";
  const r = m.lastTestRestore;
  const rto = spanInWords(t.rtoSeconds);
  if (!r) {
    return {
      key,
      status: "at_risk",
      message: "No test restore yet: nothing proves this environment can be restored. Run Test restore on a backup.",
    };
  }
  if (r.status === "queued" || r.status === "running") {
    return { key, status: "at_risk", message: "A test restore is running; no finished one to measure yet." };
  }
  const when = r.finishedAt ? formatRelative(r.finishedAt, now) : "at an unknown time";
  if (r.status !== "succeeded") {
    return {
      key,
      status: "failing",
      message: `The last test restore (${when}) ${r.status}. Open it to see which check failed.`,
    };
  }
  if (r.durationSeconds !== null && r.durationSeconds > t.rtoSeconds) {
    return {
      key,
      status: "failing",
      message: `The last test restore (${when}) took ${span(r.durationSeconds)}, longer than the ${rto} RTO.`,
    };
  }
  const took = r.durationSeconds === null ? "" : ` took ${span(r.durationSeconds)},`;
  if (!r.finishedAt || now.getTime() - new Date(r.finishedAt).getTime() > PROVEN_WITHIN_MS) {
    return { key, status: "at_risk", message: `Last proven restore ${when}: none in the last 30 days.` };
  }
  return { key, status: "ok", message: `Last proven restore ${when}${took} within the ${rto} RTO.` };
}

export function drVerdict(t: TargetSet, m: Measured, now: Date): Pick<DrView, "status" | "lines"> {
  const lines = [lastGoodLine(t, m, now), worstGapLine(t, m), testRestoreLine(t, m, now)];
  return { status: worstDr(lines.map((l) => l.status)), lines };
}
