/* The message a delivery carries: planned once (by the evaluator or "Send test"), stored in the
 * delivery row, and rendered by each channel type from the same fields, so a retry sends exactly what
 * was planned and 200 alerts opened together are one message that lists them. */
import type { AlertView } from "@/lib/alerts/schema";
import type { Severity } from "./schema";

export type NotifyEvent =
  | "alert.opened"
  | "alert.resolved"
  | "alert.reminder"
  | "test"
  | "report"
  | "ping.start"
  | "ping.success"
  | "ping.fail";

export type NotifyMessage = {
  event: NotifyEvent;
  severity: Severity;
  title: string;
  /** One line per alert (or the test text); channels join them as their format allows. */
  lines: string[];
  alerts: AlertView[];
  sentAt: string;
  /** healthchecks pings: the backup run's log as the body. */
  log?: string;
};

const MAX_LINES = 50;

const EVENT_WORD: Record<"alert.opened" | "alert.resolved" | "alert.reminder", string> = {
  "alert.opened": "Alert",
  "alert.resolved": "Resolved",
  "alert.reminder": "Still open",
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function maxSeverity(list: { severity: Severity }[]): Severity {
  return list.reduce<Severity>((m, a) => (RANK[a.severity] > RANK[m] ? a.severity : m), "info");
}

export function severityAtLeast(s: Severity, min: Severity): boolean {
  return RANK[s] >= RANK[min];
}

export function alertMessage(
  event: "alert.opened" | "alert.resolved" | "alert.reminder",
  alerts: AlertView[],
  now: Date,
): NotifyMessage {
  const word = EVENT_WORD[event];
  const title =
    alerts.length === 1
      ? `Lifeboat ${word.toLowerCase()}: ${alerts[0]!.subject ?? alerts[0]!.kind}`
      : `Lifeboat: ${alerts.length} alerts ${event === "alert.resolved" ? "resolved" : event === "alert.reminder" ? "still open" : "opened"}`;
  const lines = alerts.slice(0, MAX_LINES).map((a) => `${event === "alert.resolved" ? "Resolved: " : ""}${a.message}`);
  if (alerts.length > MAX_LINES)
    lines.push(`…and ${alerts.length - MAX_LINES} more. Open the Alerts page for all of them.`);
  return { event, severity: maxSeverity(alerts), title, lines, alerts, sentAt: now.toISOString() };
}

export function testMessage(channelName: string, now: Date): NotifyMessage {
  return {
    event: "test",
    severity: "info",
    title: "Lifeboat test message",
    lines: [
      `This is a test from Lifeboat to the channel "${channelName}". If you can read it, alerts will reach you here.`,
    ],
    alerts: [],
    sentAt: now.toISOString(),
  };
}

/** The plain-text body (e-mail, ntfy, Gotify, Telegram). */
export function plainText(m: NotifyMessage): string {
  return m.lines.join("\n");
}
