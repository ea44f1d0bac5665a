/* Turns one evaluation's transitions into deliveries: per channel and per event (opened, resolved,
 * reminder) ONE message listing every alert that channel should hear about — 200 environments failing
 * at once are one message per channel, not 200. Routing: a channel with projectIds hears only those
 * projects' alerts (alerts without a project, e.g. a destination's, reach every channel); alerts below
 * the channel's minimum severity are left out. Healthchecks channels get backup pings, not alerts. */
import "server-only";
import type { PlannedDelivery } from "@/lib/notify/deliveries";
import { alertMessage, severityAtLeast } from "@/lib/notify/message";
import type { Severity } from "@/lib/notify/schema";
import { projectIdOf, toAlertView } from "./alert-view";
import { type AlertRow, shouldAnnounceResolved, type Transitions } from "./lifecycle";

export type RoutingChannel = { id: string; type: string; projectIds: string[] | null; minSeverity: Severity };

export function planNotifications(t: Transitions, channels: RoutingChannel[], now: Date): PlannedDelivery[] {
  const groups: Array<["alert.opened" | "alert.resolved" | "alert.reminder", AlertRow[]]> = [
    ["alert.opened", t.opened],
    ["alert.resolved", t.resolved.filter((r) => shouldAnnounceResolved(r, now))],
    ["alert.reminder", t.reminders],
  ];
  const out: PlannedDelivery[] = [];
  for (const ch of channels) {
    if (ch.type === "healthchecks") continue;
    for (const [event, rows] of groups) {
      const mine = rows.filter((r) => {
        if (!severityAtLeast(r.severity, ch.minSeverity)) return false;
        const project = projectIdOf(r);
        return !ch.projectIds || !project || ch.projectIds.includes(project);
      });
      if (mine.length) out.push({ channelId: ch.id, message: alertMessage(event, mine.map(toAlertView), now) });
    }
  }
  return out;
}
