/* Audit log (admins only, like GET /api/v1/audit: it shows every account's sign-ins and addresses):
 * every change, sign-in and refusal, newest first, filtered by action, actor, target type and
 * outcome, paged with the service's keyset cursor. Filters live in the URL (a plain GET form), so a
 * filtered view can be shared and works without JavaScript. */
import { ScrollText } from "lucide-react";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { AccessDenied } from "@/components/layout/access-denied";
import { pageAccess } from "@/components/layout/require-page-actor";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAudit, ZListAudit } from "@/lib/audit";

export const metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const FILTER_KEYS = ["action", "actor", "targetType", "outcome"] as const;

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : undefined;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor, allowed } = await pageAccess("admin", "/audit");
  if (!allowed) return <AccessDenied role={actor.role} need="admin" />;
  const sp = await searchParams;
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, first(sp[k])]).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const parsed = ZListAudit.safeParse({ ...filters, cursor: first(sp.cursor), limit: 50 });
  const query = parsed.success ? parsed.data : { limit: 50 };
  const { items, nextCursor } = await listAudit(query);
  const filtered = Object.keys(filters).length > 0;
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...filters, ...extra }).toString();
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when. Newest first." />
      <AuditFilters values={filters} />
      {items.length === 0 ? (
        <EmptyState
          icon={<ScrollText />}
          title={filtered ? "No entries match these filters" : "No entries yet"}
          description={
            filtered
              ? "Change or clear the filters to see more."
              : "Changes, sign-ins and refused requests appear here as they happen."
          }
          action={
            filtered ? (
              <Link href="/audit" className={buttonClasses()}>
                Clear filters
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <AuditTable items={items} />
          <div className="mt-3 flex items-center justify-between text-sm text-zinc-500">
            <span>
              {items.length} entr{items.length === 1 ? "y" : "ies"} on this page
            </span>
            <div className="flex gap-2">
              {sp.cursor ? (
                <Link
                  href={`/audit?${qs({})}`}
                  className={buttonClasses({ size: "sm" })}
                  data-testid="audit-first-page"
                >
                  Newest
                </Link>
              ) : null}
              {nextCursor ? (
                <Link
                  href={`/audit?${qs({ cursor: nextCursor })}`}
                  className={buttonClasses({ size: "sm" })}
                  data-testid="audit-next-page"
                >
                  Older →
                </Link>
              ) : null}
            </div>
          </div>
        </>
      )}
    </>
  );
}
