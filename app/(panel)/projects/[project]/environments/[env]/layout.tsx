/* The frame of one environment: header "project / environment" with its type and paused state, the
 * tabs [Backups] [Restores] [Monitoring] [Disaster recovery] [Sources], the gear icon to Backup Settings (admins) and the `actions`
 * slot on the right. The slot is the parallel route @actions ("Backup now" lives in
 * @actions/default.tsx). Tab pages below load their own data. */
import { Activity, Archive, Database, History, LifeBuoy, Settings } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { EnvironmentTypeBadge } from "@/components/environments/environment-type-badge";
import { StatusBadge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { LinkTabs } from "@/components/ui/tabs";
import { Tooltip } from "@/components/ui/tooltip";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { environmentBySlug } from "./backups/env-context";

export default async function EnvironmentLayout({
  params,
  children,
  actions,
}: {
  params: Promise<{ project: string; env: string }>;
  children: ReactNode;
  actions: ReactNode;
}) {
  const actor = await requirePageActor("viewer");
  const { project: projectSlug, env: envSlug } = await params;
  const { project, environment } = await environmentBySlug(projectSlug, envSlug);
  const base = `/projects/${project.slug}/environments/${environment.slug}`;
  return (
    <div data-testid="environment-frame" data-environment-id={environment.id}>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold tracking-tight" data-testid="environment-title">
          <Link
            href={`/projects/${project.slug}`}
            className="text-zinc-500 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-zinc-100"
          >
            {project.name}
          </Link>
          <span className="mx-1.5 text-zinc-300 dark:text-zinc-600">/</span>
          <span>{environment.name}</span>
        </h1>
        <EnvironmentTypeBadge type={environment.type} />
        {environment.active ? null : <StatusBadge status="paused" label="paused" />}
      </div>
      <LinkTabs
        className="mb-5"
        tabs={[
          { href: `${base}/backups`, label: "Backups", icon: <Archive aria-hidden />, testId: "tab-backups" },
          { href: `${base}/restores`, label: "Restores", icon: <History aria-hidden />, testId: "tab-restores" },
          { href: `${base}/monitoring`, label: "Monitoring", icon: <Activity aria-hidden />, testId: "tab-monitoring" },
          { href: `${base}/dr`, label: "Disaster recovery", icon: <LifeBuoy aria-hidden />, testId: "tab-dr" },
          { href: `${base}/sources`, label: "Sources", icon: <Database aria-hidden />, testId: "tab-sources" },
        ]}
        end={
          <>
            {actor.role === "admin" ? (
              <Tooltip content="Backup settings: schedule, retention, destinations">
                <Link
                  href={`${base}/backups/settings`}
                  aria-label="Backup settings"
                  data-testid="backup-settings-link"
                  className={buttonClasses({ variant: "ghost", size: "icon" })}
                >
                  <Settings />
                </Link>
              </Tooltip>
            ) : null}
            {actions}
          </>
        }
      />
      {children}
    </div>
  );
}
