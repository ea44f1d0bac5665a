/* The state of an alert in words and colour: red "open · critical" / amber "open · warning", blue
 * acknowledged, grey muted until …, green resolved. */
import { Badge } from "@/components/ui/badge";
import type { AlertView } from "@/lib/alerts/schema";

export function AlertStateBadge({ alert, now }: { alert: AlertView; now: number }) {
  if (alert.state === "resolved")
    return (
      <Badge tone="green" data-testid="alert-state" data-alert-state="resolved">
        resolved
      </Badge>
    );
  if (alert.mutedUntil && new Date(alert.mutedUntil).getTime() > now)
    return (
      <Badge tone="grey" data-testid="alert-state" data-alert-state="muted">
        muted
      </Badge>
    );
  if (alert.acknowledgedAt)
    return (
      <Badge tone="blue" data-testid="alert-state" data-alert-state="acknowledged">
        acknowledged
      </Badge>
    );
  return (
    <Badge tone={alert.severity === "critical" ? "red" : "amber"} data-testid="alert-state" data-alert-state="open">
      open · {alert.severity}
    </Badge>
  );
}
