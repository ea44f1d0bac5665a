/* The signed-in part of the panel. Checks the session on the server for every page below (nobody
 * signed in → /login) and wraps the page in the shell (top bar, sidebar, user menu). Each page and
 * action still checks its own role: this layout only decides who sees the frame (and the open-alert count). */
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { countOpenAlertsShared } from "@/lib/alerts/list-alerts";

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor("viewer");
  const openAlerts = await countOpenAlertsShared().catch(() => 0);
  return (
    <AppShell user={{ email: actor.email, role: actor.role }} openAlerts={openAlerts}>
      {children}
    </AppShell>
  );
}
