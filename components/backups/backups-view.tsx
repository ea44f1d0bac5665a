/* The Backups tab: a summary line, the running backups with live progress, and the
 * cursor-paginated list with "Load more". Owns the React Query state: the list is an infinite query on
 * GET /api/v1/environments/:id/backups (session cookie) seeded by the server render; active backups poll themselves and
 * refresh the list when they finish. Viewers get no Cancel control (Backup now lives in the environment header) (the server refuses anyway). */
"use client";
import { useCallback, useMemo } from "react";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { ActiveBackup, type CancelJobAction } from "./active-backup";
import { BackupsTable } from "./backups-table";
import { EmptyBackups, ListError, TableSkeleton } from "./list-states";
import { panelFetch } from "./panel-fetch";
import { RelativeTime as RelativeTimeInline } from "./relative-time";
import { isActive, type BackupDto, type BackupPage, type BackupReadiness, type EnvironmentContext } from "./types";

const PAGE = 50;

export function BackupsView({
  env,
  initialPage,
  canOperate,
  canDelete = false,
  settingsHref,
  readiness,
  cancelJob,
}: {
  env: EnvironmentContext;
  initialPage: BackupPage;
  canOperate: boolean;
  canDelete?: boolean;
  settingsHref: string;
  readiness: BackupReadiness;
  cancelJob: CancelJobAction;
}) {
  const qc = useQueryClient();
  const key = useMemo(() => ["backups", env.id], [env.id]);
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) =>
      panelFetch<BackupPage>(
        `/api/v1/environments/${env.id}/backups?limit=${PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
    refetchInterval: 30_000,
  });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const active = items.filter((b) => isActive(b.status));

  const refresh = useCallback(() => {
    // Only the first page can have changed (new or finished backups are the newest).
    qc.setQueryData<{ pages: BackupPage[]; pageParams: (string | null)[] }>(key, (d) =>
      d ? { pages: d.pages.slice(0, 1), pageParams: d.pageParams.slice(0, 1) } : d,
    );
    void qc.invalidateQueries({ queryKey: key });
  }, [qc, key]);

  const onActiveChange = useCallback(
    (b: BackupDto) => {
      // The banner's answer is the row's too: one state in both (a stale "queued" row under a "running"
      // banner was the list's 30 s poll). At a final status the list reloads as well.
      qc.setQueryData<{ pages: BackupPage[]; pageParams: (string | null)[] }>(key, (d) =>
        d ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === b.id ? b : x)) })) } : d,
      );
      if (!isActive(b.status)) refresh();
    },
    [qc, key, refresh],
  );

  const basePath = `/projects/${env.projectSlug}/environments/${env.slug}/backups`;
  const lastGood = items.find((b) => b.status === "succeeded");

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Backups</h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="backups-summary">
            {lastGood ? <LastGood backup={lastGood} timeZone={env.timezone} /> : "No successful backup yet."}
          </p>
        </div>
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        {active.map((b) => (
          <ActiveBackup
            key={b.id}
            initial={b}
            canOperate={canOperate}
            cancelJob={cancelJob}
            onChange={onActiveChange}
          />
        ))}
        {list.isError && !items.length ? (
          <ListError message={list.error.message} onRetry={() => list.refetch()} />
        ) : list.isPending ? (
          <TableSkeleton rows={6} />
        ) : items.length === 0 ? (
          <EmptyBackups
            settingsHref={settingsHref}
            canOperate={canOperate}
            readiness={readiness}
            timeZone={env.timezone}
          />
        ) : (
          <div className="overflow-x-auto">
            <BackupsTable
              items={items}
              timeZone={env.timezone}
              basePath={basePath}
              canOperate={canOperate}
              canDelete={canDelete}
              onChanged={refresh}
            />
          </div>
        )}
      </div>
      {list.hasNextPage ? (
        <div className="flex justify-center">
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">
            Load more
          </Button>
        </div>
      ) : items.length > PAGE ? (
        <p className="text-center text-xs text-zinc-500">All {items.length.toLocaleString("en-US")} backups shown.</p>
      ) : null}
      {list.isError && items.length ? (
        <p className="text-center text-xs text-red-700 dark:text-red-400">
          Could not refresh the list: {list.error.message}
        </p>
      ) : null}
    </div>
  );
}

function LastGood({ backup, timeZone }: { backup: BackupDto; timeZone: string }) {
  const at = backup.finishedAt ?? backup.createdAt;
  return (
    <>
      Last good backup <RelativeTimeInline at={at} timeZone={timeZone} />
    </>
  );
}
