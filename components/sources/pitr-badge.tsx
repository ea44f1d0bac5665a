/* A PostgreSQL source's point-in-time recovery state in the sources list: a badge ("Streaming",
 * "Down", …) with the reason underneath when the stream needs attention. Nothing for other types or
 * when PITR is off (dumps only). */
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { PITR_STATE_LABELS, type PitrStatus } from "@/lib/pitr/schema";

const TONES: Record<PitrStatus["state"], BadgeTone> = {
  off: "grey",
  starting: "blue",
  streaming: "green",
  down: "red",
  misconfigured: "amber",
};

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function PitrBadge({ pitr }: { pitr?: PitrStatus }) {
  if (!pitr || pitr.state === "off") return <span className="text-xs text-zinc-400">dumps only</span>;
  const attention = pitr.state === "down" || pitr.state === "misconfigured";
  return (
    <div className="flex max-w-xs flex-col gap-1" data-testid="pitr-state" data-state={pitr.state}>
      <span className="inline-flex items-center gap-1.5">
        <Badge tone={TONES[pitr.state]}>{PITR_STATE_LABELS[pitr.state]}</Badge>
        {pitr.slotRetainedBytes !== undefined && pitr.state === "streaming" ? (
          <span className="text-xs text-zinc-500" title="WAL the replication slot keeps on the server">
            slot holds {gib(pitr.slotRetainedBytes)}
          </span>
        ) : null}
      </span>
      {attention && pitr.message ? (
        <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="pitr-message">
          {pitr.message}
        </span>
      ) : null}
    </div>
  );
}
