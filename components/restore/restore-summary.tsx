/* The body of the restore confirmation: exactly what the restore does, source by source, in the words of
 * the chosen mode (a folder becomes equal to the backup — files added since are removed and stay in the
 * safety backup — or files added since stay), then the preview the server computed from the backup's file
 * index and the live folder ("replaces 1,204 files, removes 3 added since, leaves 2 excluded folders
 * alone"), the backup's sources it leaves as they are, and what the safety backup covers. Client component; the preview comes from a server action. */
"use client";
import { useQuery } from "@tanstack/react-query";
import type { BackupDto, RestoreScope } from "@/components/backups/types";
import { isDatabaseSource } from "@/lib/restores/scope";
import type { RestoreMode } from "@/lib/restores/schema";
import { previewSentence } from "./preview-sentence";
import type { PreviewRestoreAction, PreviewRestoreInput } from "./types";

export function RestoreSummary({
  backup,
  request,
  scope,
  mode,
  picked,
  affected,
  targetLabel,
  intoName,
  when,
  safety,
  untouched = [],
  previewRestore,
}: {
  backup: BackupDto;
  request: PreviewRestoreInput;
  scope: RestoreScope;
  mode: RestoreMode;
  picked: { sourceId: string; path: string }[];
  affected: BackupDto["sources"];
  targetLabel: string;
  /** Into another environment: the target source a backed-up source restores into. */
  intoName?: (sourceId: string) => string | undefined;
  when: string;
  safety: boolean;
  /** The backup's sources this restore leaves as they are (other roles, code without "Include code"). */
  untouched?: string[];
  previewRestore: PreviewRestoreAction;
}) {
  const q = useQuery({
    queryKey: ["restore-preview", request],
    queryFn: async () => {
      const r = await previewRestore(request);
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    },
    staleTime: 0,
    retry: false,
  });
  const added = safety
    ? "files added since the backup are removed (they stay in the safety backup)"
    : "files added since the backup are removed (no safety backup: they are gone for good)";
  const folderFate =
    mode === "mirror"
      ? `becomes exactly as in the backup: ${added}`
      : "gets back every file of the backup; files added since stay";
  const unknown = q.data?.items.filter((i) => i.unknown) ?? [];
  const into = (sourceId: string) => {
    const name = intoName?.(sourceId);
    return name ? <> (into {name})</> : null;
  };
  return (
    <span className="flex flex-col gap-2" data-testid="restore-summary">
      <span>
        This replaces data of <strong>{targetLabel}</strong> with the backup of {when}:
      </span>
      <span className="flex flex-col gap-0.5 rounded-md bg-zinc-50 px-3 py-2 text-xs dark:bg-zinc-950">
        {scope === "paths"
          ? picked.map((p) => (
              <span key={`${p.sourceId}:${p.path}`}>
                <span className="font-mono">{p.path}</span> in{" "}
                {backup.sources.find((s) => s.sourceId === p.sourceId)?.name ?? "a directory"}
                {into(p.sourceId)} is put back as in the backup
                {mode === "mirror" ? " (inside a folder, files added since are removed)" : ""}
              </span>
            ))
          : affected.map((s) => (
              <span key={s.sourceId}>
                {isDatabaseSource(s.type) ? (
                  <>
                    database <strong>{s.name}</strong>
                    {into(s.sourceId)} is replaced entirely
                  </>
                ) : (
                  <>
                    folder <strong>{s.name}</strong>
                    {into(s.sourceId)} {folderFate}
                  </>
                )}
              </span>
            ))}
        {affected.some((s) => !isDatabaseSource(s.type)) ? (
          <span className="text-zinc-500">
            Paths the source excludes (such as node_modules/ or caches) are never touched.
          </span>
        ) : null}
        {scope !== "paths" && untouched.length ? (
          <span data-testid="restore-untouched">
            Not restored (left as they are): <strong>{untouched.join(", ")}</strong>
          </span>
        ) : null}
      </span>
      <span
        className="rounded-md border border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800"
        data-testid="restore-preview"
        data-state={q.isPending ? "loading" : q.isError ? "error" : "ready"}
      >
        {q.isPending ? (
          <span className="text-zinc-500">Working out what changes…</span>
        ) : q.isError ? (
          <span className="text-amber-700 dark:text-amber-400">Could not preview the changes: {q.error.message}</span>
        ) : (
          <>
            <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="restore-preview-sentence">
              {previewSentence(q.data)}
            </span>
            {q.data.items.some((i) => i.excluded.length) ? (
              <span className="mt-0.5 block text-zinc-500">
                Left alone:{" "}
                <span className="font-mono">
                  {q.data.items
                    .flatMap((i) => i.excluded)
                    .slice(0, 5)
                    .join(", ")}
                </span>
              </span>
            ) : null}
            {unknown.map((i) => (
              <span key={i.sourceId} className="mt-0.5 block text-amber-700 dark:text-amber-400">
                {i.name}: {i.unknown}
              </span>
            ))}
          </>
        )}
      </span>
      <span>
        {safety
          ? `A safety backup of what this restore replaces is taken first, so you can undo it.`
          : `No safety backup is taken: what ${targetLabel} holds now cannot be brought back.`}
      </span>
    </span>
  );
}
