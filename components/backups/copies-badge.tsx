/* "2 of 2 copies": a backup's off-site copies (lib/copies) next to its status, wherever a backup is
 * listed. Green when every copy succeeded, blue while one is queued or running, red when one failed; a
 * click opens the list of copy destinations with each one's status, time and error. A copy never
 * changes the backup's own status badge. */
"use client";
import * as Popover from "@radix-ui/react-popover";
import { Copy } from "lucide-react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import type { BackupDto } from "./types";
import { RelativeTime } from "./relative-time";

export function CopiesBadge({ backup, timeZone }: { backup: BackupDto; timeZone: string }) {
  const copies = backup.copies ?? [];
  if (!copies.length) return null;
  const good = copies.filter((c) => c.status === "succeeded").length;
  const tone = copies.some((c) => c.status === "failed") ? "red" : good === copies.length ? "green" : "blue";
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="rounded-full focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          aria-label={`${good} of ${copies.length} copies: show where`}
          data-testid="copies-badge"
          data-copies-good={String(good)}
          data-copies-total={String(copies.length)}
        >
          <Badge tone={tone}>
            <Copy className="size-3" aria-hidden />
            {good} of {copies.length} {copies.length === 1 ? "copy" : "copies"}
          </Badge>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          className="z-50 w-80 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="copies-popover"
        >
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Off-site copies</p>
          <ul className="flex flex-col gap-2">
            {copies.map((c) => (
              <li key={c.destinationId} className="flex flex-col gap-0.5" data-testid="copy-item">
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium text-zinc-800 dark:text-zinc-200">
                    {c.destinationName ?? c.destinationId}
                  </span>
                  <StatusBadge status={c.status} />
                </div>
                <span className="text-xs text-zinc-500">
                  {c.copiedAt ? (
                    <>
                      Copied <RelativeTime at={c.copiedAt} timeZone={timeZone} />
                      {c.snapshotIds.length ? ` · ${c.snapshotIds.length} snapshot(s)` : ""}
                    </>
                  ) : c.status === "failed" ? (
                    `Failed after ${c.attempts ?? 1} attempt(s).`
                  ) : c.error ? (
                    `Retrying (attempt ${c.attempts ?? 1} failed).`
                  ) : (
                    "Waiting to be copied."
                  )}
                </span>
                {c.error ? <span className="text-xs text-red-600 dark:text-red-400">{c.error.message}</span> : null}
              </li>
            ))}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
