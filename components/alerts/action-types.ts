/* The server actions that change alerts, as the Alerts page passes them in. Types only. */
import type { AlertView } from "@/lib/alerts/schema";
import type { ActionResult } from "@/lib/http/action-result";

export type AlertActions = {
  acknowledge: (id: string) => Promise<ActionResult<AlertView>>;
  mute: (id: string, until: string) => Promise<ActionResult<AlertView>>;
};
