/* The Disaster recovery tab: the environment's RPO/RTO targets against what was measured (each green,
 * amber or red, in words), editing the targets (admins), and below it the printable runbook filled with
 * this environment's real data (lib/dr). */
import { headers } from "next/headers";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageActor } from "@/components/layout/require-page-actor";
import { DrOverview } from "@/components/dr/dr-overview";
import { DrTargetsForm } from "@/components/dr/dr-targets-form";
import { PrintButton } from "@/components/dr/print-button";
import { Runbook } from "@/components/dr/runbook";
import { drViewOf } from "@/lib/dr";
import { buildRunbook } from "@/lib/dr/runbook";
import { getEnvironment } from "@/lib/environments";
import { spanInWords } from "@/lib/environments/rpo-target";
import { loadEnvironmentContext } from "../backups/env-context";
import { saveDrTargetsAction } from "./actions";

export const metadata = { title: "Disaster recovery" };
export const dynamic = "force-dynamic";

async function origin(): Promise<string | undefined> {
  const h = await headers();
  const host = h.get("host");
  if (!host) return undefined;
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

export default async function DrPage({ params }: { params: Promise<{ project: string; env: string }> }) {
  const actor = await requirePageActor("viewer");
  const { project, env: envSlug } = await params;
  const ctx = await loadEnvironmentContext(project, envSlug);
  const env = await getEnvironment(ctx.id);
  const [view, runbook] = await Promise.all([drViewOf(env), buildRunbook(env.id, { origin: await origin() })]);
  const targets = `RPO ${spanInWords(view.targets.rpoSeconds)} · RTO ${spanInWords(view.targets.rtoSeconds)}`;
  const kind = view.critical
    ? "critical"
    : view.inherited.rpoSeconds && view.inherited.rtoSeconds
      ? `${env.type} default`
      : "edited";
  return (
    <div className="space-y-5" data-testid="dr-page">
      <Card>
        <CardHeader
          title="Recovery targets"
          description={`${targets} (${kind}). RPO: how much data you may lose at most. RTO: how long recovery may take.`}
        />
        <CardBody className="space-y-3">
          <DrOverview view={view} />
          {actor.role === "admin" ? (
            <div data-print="hide">
              <DrTargetsForm view={view} save={saveDrTargetsAction} />
            </div>
          ) : null}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title={`Runbook: ${ctx.projectName} / ${ctx.name}`}
          description="What to do when this environment is lost, with its real sources and commands. Print it and keep a copy offline."
          actions={<PrintButton />}
        />
        <CardBody>
          <Runbook data={runbook} view={view} timeZone={ctx.timezone} />
        </CardBody>
      </Card>
    </div>
  );
}
