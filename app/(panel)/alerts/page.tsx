/* Alerts: what is failing now (and what was fixed), newest first — state, what and where, since when,
 * and Acknowledge / Mute for operators. Channels whose deliveries fail are named at the top, so "why did
 * nobody tell us?" has an answer here too. */
import { BellRing, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { AlertRowActions } from "@/components/alerts/alert-actions";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { AlertStateBadge } from "@/components/alerts/alert-state-badge";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCard, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ALERT_KIND_LABELS, type AlertKind, listAlerts, ZListAlerts } from "@/lib/alerts";
import { roleAtLeast } from "@/lib/auth/roles";
import { listChannels } from "@/lib/notify";
import { acknowledgeAlertAction, muteAlertAction } from "./actions";

const alertActions = { acknowledge: acknowledgeAlertAction, mute: muteAlertAction };

export const metadata = { title: "Alerts" };

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<{ state?: string; kind?: string; environmentId?: string }>;
}) {
  const actor = await requirePageActor("viewer");
  const parsed = ZListAlerts.safeParse({ ...(await searchParams), limit: 200 });
  const filters = parsed.success ? parsed.data : ZListAlerts.parse({ limit: 200 });
  const [{ items }, channels] = await Promise.all([listAlerts(filters), listChannels()]);
  const failing = channels.filter((c) => c.problem);
  const canAct = roleAtLeast(actor.role, "operator");
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Conditions failing now: failed or overdue backups, unreachable destinations, stuck jobs. They resolve on their own once fixed."
      />
      {failing.length ? (
        <div
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
          role="alert"
          data-testid="delivery-problems"
        >
          {failing.map((c) => (
            <p key={c.id} className="flex items-start gap-1.5">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                Channel <strong>{c.name}</strong> {c.problem!.retrying ? "is retrying" : "could not deliver"}:{" "}
                {c.problem!.message}{" "}
                {actor.role === "admin" ? (
                  <Link href="/channels" className="underline">
                    Check the channel
                  </Link>
                ) : null}
              </span>
            </p>
          ))}
        </div>
      ) : null}
      <AlertFilters state={filters.state} kind={filters.kind} />
      {items.length === 0 ? (
        <EmptyState
          icon={<BellRing />}
          title={filters.state === "open" ? "No open alerts" : "No alerts here"}
          description={
            filters.state === "open"
              ? "Every backup that should have run has run, and every destination answers."
              : "Nothing matches these filters."
          }
        />
      ) : (
        <TableCard>
          <Table data-testid="alerts-table">
            <THead>
              <tr>
                <Th>State</Th>
                <Th>What</Th>
                <Th>Since</Th>
                {canAct ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {items.map((a) => (
                <Tr key={a.id} data-testid={`alert-row-${a.id}`} data-kind={a.kind}>
                  <Td className="w-28 align-top">
                    <AlertStateBadge alert={a} now={now} />
                  </Td>
                  <Td className="align-top">
                    <div className="font-medium">
                      {ALERT_KIND_LABELS[a.kind as AlertKind] ?? a.kind}
                      {a.subject ? <span className="font-normal text-zinc-500"> · {a.subject}</span> : null}
                    </div>
                    <p className="mt-0.5 max-w-2xl text-xs leading-relaxed text-zinc-600 dark:text-zinc-400">
                      {a.message}
                    </p>
                  </Td>
                  <Td className="w-36 whitespace-nowrap align-top text-xs text-zinc-500">
                    <RelativeTime iso={a.openedAt} />
                    {a.resolvedAt ? (
                      <span className="block">
                        resolved <RelativeTime iso={a.resolvedAt} />
                      </span>
                    ) : a.mutedUntil && new Date(a.mutedUntil).getTime() > now ? (
                      <span className="block">
                        muted, ends <RelativeTime iso={a.mutedUntil} />
                      </span>
                    ) : null}
                  </Td>
                  {canAct ? (
                    <Td className="w-56 align-top">
                      <AlertRowActions alert={a} actions={alertActions} />
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableCard>
      )}
    </>
  );
}
