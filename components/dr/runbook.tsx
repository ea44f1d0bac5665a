/* The runbook of one environment, filled with its real data (lib/dr/runbook): detect, provision, restore
 * the latest verified backup (in Lifeboat, by REST, or with bare restic when Lifeboat itself is gone),
 * verify, switch DNS, monitor. No secrets: commands use $RESTIC_PASSWORD and the like, whose values are
 * in the destination's recovery kit. Server-safe (no hooks); printable. */
import type { ReactNode } from "react";
import { formatAbsolute } from "@/components/backups/format";
import { spanInWords } from "@/lib/environments/rpo-target";
import type { DrView } from "@/lib/dr/schema";
import type { Runbook as RunbookData } from "@/lib/dr/runbook-types";

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <section
      className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800"
      data-testid={`runbook-step-${n}`}
      data-print="keep"
    >
      <h3 className="text-sm font-semibold">
        <span className="mr-2 inline-flex size-5 items-center justify-center rounded-full bg-zinc-900 text-xs text-white dark:bg-zinc-100 dark:text-zinc-900">
          {n}
        </span>
        {title}
      </h3>
      <div className="space-y-2 pl-7 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
    </section>
  );
}

function Code({ children, testId }: { children: string; testId?: string }) {
  return (
    <pre
      data-testid={testId}
      className="overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
    >
      {children}
    </pre>
  );
}

function kitScript(d: RunbookData["destinations"][number]): string {
  const env = d.env.map((e) => `export ${e.name}=${e.value ?? "…  # from the recovery kit"}`);
  return [...env, ...d.commands].join("\n");
}

export function Runbook({ data, view, timeZone }: { data: RunbookData; view: DrView; timeZone: string }) {
  const e = data.environment;
  const label = `${e.projectName} / ${e.name}`;
  return (
    <div className="space-y-4" data-testid="runbook">
      <Step n={1} title="Detect">
        <p>
          Lifeboat raises an alert when {label} has no good backup within its RPO of{" "}
          {spanInWords(view.targets.rpoSeconds)} (plus a little grace), when a backup, check or test restore fails.
          Confirm the outage: is the application down, or its data lost or damaged? Note the time the data was last
          known good — the restore point must be before it.
        </p>
        <p>
          Target: back in service within <strong>{spanInWords(view.targets.rtoSeconds)}</strong> (RTO), losing at most{" "}
          <strong>{spanInWords(view.targets.rpoSeconds)}</strong> of data (RPO).
        </p>
      </Step>
      <Step n={2} title="Provision">
        <p>Bring up what each source needs (an empty server is enough; the restore fills it):</p>
        {data.sources.length ? (
          <ul className="list-disc space-y-0.5 pl-5" data-testid="runbook-sources">
            {data.sources.map((s) => (
              <li key={s.id}>
                <span className="font-medium">{s.name}</span> ({s.type}):{" "}
                <span className="font-mono text-xs">{s.where}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-amber-700 dark:text-amber-400">
            This environment has no sources yet — add them on the Sources tab.
          </p>
        )}
        <p>If the new servers have other addresses, change the sources in Lifeboat before restoring.</p>
      </Step>
      <Step n={3} title="Restore the latest verified backup">
        {data.backup ? (
          <>
            <p data-testid="runbook-backup">
              Newest good backup: {formatAbsolute(data.backup.finishedAt, timeZone)} (verification:{" "}
              {data.backup.verification ?? "not recorded"}). In Lifeboat: Backups tab → that backup → Restore →
              Everything. Or by REST (an operator&apos;s API token in $LIFEBOAT_TOKEN):
            </p>
            <Code testId="runbook-curl">{data.restoreCurl ?? ""}</Code>
            <p>
              To restore into another environment (a new server), add{" "}
              <span className="font-mono text-xs">&quot;targetEnvironmentId&quot;</span> to the body. Follow the restore
              with <span className="font-mono text-xs">GET /api/v1/restores/&lt;id&gt;</span>.
            </p>
          </>
        ) : (
          <p className="text-red-700 dark:text-red-400">There is no good backup to restore yet. Run Backup now.</p>
        )}
        <p>
          If Lifeboat itself is gone, restore with the bare restic CLI (0.14 or newer). The values marked “from the
          recovery kit” are secret: an admin downloads the kit from the destination (Destinations → Recovery kit) and
          keeps a copy offline.
        </p>
        {data.destinations.map((d) => (
          <div key={d.id} className="space-y-1" data-testid="runbook-destination">
            <p className="font-medium">
              From {d.name} <span className="font-normal text-zinc-500">({d.where})</span>
            </p>
            {d.files.length ? (
              <p className="text-xs text-zinc-500">
                Files from the kit: {d.files.map((f) => `${f.what} at ${f.path}`).join("; ")}.
              </p>
            ) : null}
            {d.problem ? (
              <p className="text-amber-700 dark:text-amber-400">{d.problem}</p>
            ) : (
              <Code testId="runbook-restic">{kitScript(d)}</Code>
            )}
          </div>
        ))}
      </Step>
      <Step n={4} title="Verify">
        <p>
          Check that the data is back: the application starts, recent records exist (newer than the restore point minus
          the RPO), uploads open. In Lifeboat, <em>Test restore</em> on the same backup repeats the automatic checks
          (row counts against the manifest, file counts, smoke queries) without touching the live data.
        </p>
      </Step>
      <Step n={5} title="Switch DNS">
        <p>
          Point the application&apos;s DNS records (or load balancer) at the restored servers. Lower the TTL first if
          you have time; remember caches may keep the old address for the old TTL.
        </p>
      </Step>
      <Step n={6} title="Monitor">
        <p>
          Run <em>Backup now</em> on {label} as soon as it serves traffic, and watch the dashboard until its badge is
          green: the next scheduled backups succeed, verification passes, and a test restore proves the new setup.
        </p>
      </Step>
    </div>
  );
}
