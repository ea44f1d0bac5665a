/* Dashboard: is every environment safe? One row per environment, worst first, with the last backup,
 * the last good one, the next scheduled run, size and its trend; the totals line on top. */
import Link from "next/link";
import { LayoutDashboard } from "lucide-react";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { EnvironmentHealthList, HealthTotals } from "@/components/dashboard/environment-health-list";
import { loadDashboardShared } from "@/lib/dashboard/load-dashboard";

export const metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  await requirePageActor("viewer");
  const rows = await loadDashboardShared();
  return (
    <>
      <PageHeader
        title="Environments"
        description="Is every environment safe, and when does the next backup run?"
        actions={rows.length ? <HealthTotals rows={rows} /> : undefined}
      />
      {rows.length === 0 ? (
        <EmptyState
          icon={<LayoutDashboard />}
          title="Nothing is backed up yet"
          description="Create a project, add an environment and the databases or directories in it, then take the first backup."
          action={
            <Link href="/projects" className={buttonClasses({ variant: "primary" })}>
              Go to projects
            </Link>
          }
        />
      ) : (
        <EnvironmentHealthList rows={rows} />
      )}
    </>
  );
}
