/* File browser of one directory source inside a backup: reads the snapshot_files index through
 * GET /api/v1/backups/:id/files (one indexed query per folder, no restic call), breadcrumbs, folders
 * first, tick files and folders for a restore, download a file as itself or any file or folder as tar or
 * zip (streamed by the server; shown only when `canDownload`, i.e. operator+ — viewers browse names,
 * sizes and times).
 * The ticked set is owned by the parent so the Restore dialog can use it. */
"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Download, File, Folder, FolderOpen, Link2 } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { formatBytes, formatShortDate } from "@/components/backups/format";
import { panelFetch } from "@/components/backups/panel-fetch";
import { ListError, TableSkeleton } from "@/components/backups/list-states";
import type { FileEntryDto } from "@/components/backups/types";

export type PickedPath = { sourceId: string; path: string };

export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

export function FileBrowser({
  backupId,
  sourceId,
  sourceName,
  rootPath = "/",
  timeZone,
  picked,
  canPick,
  canDownload,
  onPickedChange,
}: {
  backupId: string;
  sourceId: string;
  sourceName: string;
  rootPath?: string;
  timeZone: string;
  picked: PickedPath[];
  canPick: boolean;
  canDownload: boolean;
  onPickedChange: (next: PickedPath[]) => void;
}) {
  const [dir, setDir] = useState(rootPath);
  const q = useQuery({
    queryKey: ["backup-files", backupId, sourceId, dir],
    queryFn: () =>
      panelFetch<{ entries: FileEntryDto[] }>(
        `/api/v1/backups/${backupId}/files?sourceId=${encodeURIComponent(sourceId)}&path=${encodeURIComponent(dir)}`,
      ).then((r) => r.entries),
    staleTime: Infinity, // a snapshot never changes
  });

  const crumbs = dir === "/" ? [] : dir.split("/").filter(Boolean);
  const isPicked = (p: string) => picked.some((x) => x.sourceId === sourceId && x.path === p);
  const coveredByParent = (p: string) =>
    picked.some((x) => x.sourceId === sourceId && p.startsWith(x.path.endsWith("/") ? x.path : `${x.path}/`));
  const toggle = (p: string) =>
    onPickedChange(
      isPicked(p)
        ? picked.filter((x) => !(x.sourceId === sourceId && x.path === p))
        : [...picked, { sourceId, path: p }],
    );
  const dl = (p: string, format: "tar" | "zip" | "file") =>
    `/api/v1/backups/${backupId}/download?sourceId=${encodeURIComponent(sourceId)}&path=${encodeURIComponent(p)}&format=${format}`;

  const entries = q.data
    ? [...q.data].sort((a, b) =>
        (a.type === "dir") === (b.type === "dir") ? a.name.localeCompare(b.name) : a.type === "dir" ? -1 : 1,
      )
    : [];

  return (
    <div
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="file-browser"
      data-source={sourceName}
    >
      <div className="flex flex-wrap items-center gap-1 border-b border-zinc-200 bg-zinc-50/80 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-950/50">
        <nav aria-label="Folder" className="flex min-w-0 flex-1 flex-wrap items-center gap-0.5 font-mono text-xs">
          <button
            type="button"
            className="rounded px-1 py-0.5 font-sans font-medium text-zinc-800 hover:bg-zinc-200 dark:text-zinc-200 dark:hover:bg-zinc-800"
            onClick={() => setDir("/")}
          >
            {sourceName}
          </button>
          {crumbs.map((c, i) => {
            const p = "/" + crumbs.slice(0, i + 1).join("/");
            return (
              <span key={p} className="flex items-center gap-0.5">
                <ChevronRight className="size-3 text-zinc-400" aria-hidden />
                <button
                  type="button"
                  className="rounded px-1 py-0.5 text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800"
                  onClick={() => setDir(p)}
                >
                  {c}
                </button>
              </span>
            );
          })}
        </nav>
        {canDownload ? <FolderDownloadLinks tar={dl(dir, "tar")} zip={dl(dir, "zip")} /> : null}
      </div>
      {q.isPending ? (
        <TableSkeleton rows={4} cols={4} />
      ) : q.isError ? (
        <ListError message={q.error.message} onRetry={() => q.refetch()} />
      ) : entries.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-zinc-500">This folder is empty in the backup.</p>
      ) : (
        <div className="max-h-[26rem] overflow-auto">
          <table className="w-full text-sm">
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {dir !== "/" ? (
                <tr className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                  <td className="w-8 px-3 py-1.5" />
                  <td className="px-2 py-1.5" colSpan={4}>
                    <button
                      type="button"
                      className="inline-flex items-center gap-2 text-zinc-600 hover:underline dark:text-zinc-400"
                      onClick={() => setDir("/" + crumbs.slice(0, -1).join("/"))}
                    >
                      <FolderOpen className="size-4" aria-hidden /> ..
                    </button>
                  </td>
                </tr>
              ) : null}
              {entries.map((e) => {
                const p = joinPath(dir, e.name);
                const inherited = coveredByParent(p);
                const Icon = e.type === "dir" ? Folder : e.type === "symlink" ? Link2 : File;
                return (
                  <tr
                    key={e.name}
                    className={cn(
                      "hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
                      isPicked(p) && "bg-indigo-50/60 dark:bg-indigo-500/10",
                    )}
                    data-testid="file-row"
                    data-name={e.name}
                    data-type={e.type}
                  >
                    <td className="w-8 px-3 py-1.5">
                      {canPick ? (
                        <input
                          type="checkbox"
                          aria-label={`Select ${e.name} for restore`}
                          className="size-4 accent-indigo-600"
                          checked={isPicked(p) || inherited}
                          disabled={inherited}
                          onChange={() => toggle(p)}
                          data-testid="file-pick"
                        />
                      ) : null}
                    </td>
                    <td className="px-2 py-1.5">
                      {e.type === "dir" ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-2 font-medium text-zinc-900 hover:underline dark:text-zinc-100"
                          onClick={() => setDir(p)}
                          data-testid="open-folder"
                        >
                          <Icon className="size-4 text-sky-600 dark:text-sky-400" aria-hidden /> {e.name}
                        </button>
                      ) : (
                        <span className="inline-flex items-center gap-2 text-zinc-800 dark:text-zinc-200">
                          <Icon className="size-4 text-zinc-400" aria-hidden /> {e.name}
                        </span>
                      )}
                    </td>
                    <td className="px-2 py-1.5 text-right tabular-nums text-zinc-600 dark:text-zinc-400">
                      {e.type === "dir" ? "" : formatBytes(e.size)}
                    </td>
                    <td className="whitespace-nowrap px-2 py-1.5 text-right text-xs text-zinc-500">
                      {e.mtime ? formatShortDate(e.mtime, timeZone) : ""}
                    </td>
                    <td className="whitespace-nowrap px-3 py-1.5 text-right text-xs">
                      {canDownload ? (
                        <EntryDownloadLinks
                          name={e.name}
                          file={e.type === "file" ? dl(p, "file") : null}
                          tar={dl(p, "tar")}
                          zip={dl(p, "zip")}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function FolderDownloadLinks({ tar, zip }: { tar: string; zip: string }) {
  const cls =
    "inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-200 dark:text-zinc-400 dark:hover:bg-zinc-800";
  return (
    <>
      <a href={tar} className={cls} data-testid="download-folder-tar">
        <Download className="size-3.5" aria-hidden /> this folder .tar
      </a>
      <a href={zip} className={cls} data-testid="download-folder-zip">
        .zip
      </a>
    </>
  );
}

function EntryDownloadLinks({ name, file, tar, zip }: { name: string; file: string | null; tar: string; zip: string }) {
  const cls = "text-indigo-600 hover:underline dark:text-indigo-400";
  return (
    <>
      {file ? (
        <>
          <a href={file} download className={cls} aria-label={`Download ${name}`} data-testid="download-file">
            file
          </a>
          <span className="px-1 text-zinc-300">·</span>
        </>
      ) : null}
      <a href={tar} className={cls} aria-label={`Download ${name} as tar`} data-testid="download-tar">
        tar
      </a>
      <span className="px-1 text-zinc-300">·</span>
      <a href={zip} className={cls} aria-label={`Download ${name} as zip`} data-testid="download-zip">
        zip
      </a>
    </>
  );
}
