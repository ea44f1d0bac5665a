"use client";
/* "Check now" on a destination: queues an integrity check (structure + the next part of the rotating
 * data read), follows it through GET /api/v1/checks/{id} with the session cookie, and says how it ended —
 * the damaged packs and backups when it found any. The page is refreshed when it is done. */
import { CheckCircle2, ShieldCheck, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";
import type { IntegrityCheckView } from "@/lib/proof/schema";

type State = { state: "idle" } | { state: "running"; id: string } | { state: "done"; check: IntegrityCheckView };

export function CheckNowButton({
  destinationId,
  name,
  activeCheckId,
  check,
}: {
  destinationId: string;
  name: string;
  activeCheckId: string | null;
  check: (id: string) => Promise<ActionResult<{ id: string; jobId: string }>>;
}) {
  const router = useRouter();
  const [s, setS] = useState<State>(activeCheckId ? { state: "running", id: activeCheckId } : { state: "idle" });
  const runningId = s.state === "running" ? s.id : null;
  useEffect(() => {
    if (!runningId) return;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 1500));
        const res = await fetch(`/api/v1/checks/${runningId}`, { cache: "no-store" }).catch(() => null);
        if (!res?.ok) continue;
        const c = (await res.json()) as IntegrityCheckView;
        if (c.status === "queued" || c.status === "running") continue;
        setS({ state: "done", check: c });
        if (c.status === "succeeded") toast.success(`${name}: the repository is intact.`);
        else toast.error(`${name}: the check ${c.status === "failed" ? "found problems" : "was cancelled"}.`);
        router.refresh();
        return;
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [runningId, name, router]);

  async function start() {
    const r = await check(destinationId);
    if (!r.ok) {
      toast.error(r.error.message);
      return;
    }
    setS({ state: "running", id: r.data.id });
  }
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="secondary"
        onClick={start}
        loading={s.state === "running"}
        data-testid={`check-now-${name}`}
      >
        {s.state === "running" ? (
          "Checking…"
        ) : (
          <>
            <ShieldCheck aria-hidden /> Check now
          </>
        )}
      </Button>
      {s.state === "done" ? <CheckOutcome check={s.check} /> : null}
    </div>
  );
}

function CheckOutcome({ check }: { check: IntegrityCheckView }) {
  if (check.status === "succeeded") {
    return (
      <span
        className="inline-flex items-center gap-1 text-xs text-emerald-700 dark:text-emerald-400"
        data-testid="check-result"
        data-ok="true"
      >
        <CheckCircle2 className="size-3.5" aria-hidden /> intact
        {check.readDataSubset ? ` (data part ${check.readDataSubset} read)` : ""}
      </span>
    );
  }
  const packs = check.damagedPacks.length;
  const hit = check.damagedBackupIds.length;
  return (
    <span
      className="inline-flex max-w-xs items-start gap-1 text-xs leading-snug text-red-700 dark:text-red-400"
      data-testid="check-result"
      data-ok="false"
      role="alert"
    >
      <XCircle className="mt-px size-3.5 shrink-0" aria-hidden />
      {packs
        ? `${packs} damaged pack${packs === 1 ? "" : "s"} (${check.damagedPacks.map((p) => p.slice(0, 8)).join(", ")}); ${hit} backup${hit === 1 ? "" : "s"} marked damaged.`
        : (check.errors[0]?.message ?? "The check failed.")}
    </span>
  );
}
