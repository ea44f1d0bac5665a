/* One-click restore: Restore → choose what (everything / databases / files / configuration / the ticked
 * files — by source role, restore-scopes.ts; code only with "Include code"), where
 * (this environment or another of the project; for another one, which of its sources each backed-up source
 * goes into — source-mapping.tsx, flagged here when one has no counterpart), for folders whether files added since the backup are
 * removed (default: the folder becomes equal to the backup) or kept ("Keep files added since"), and
 * whether to take a safety backup first (on by default, forced for production) → a confirmation that
 * names exactly what will happen and previews it (restore-summary.tsx), asks production targets to type
 * the environment's name, and has the default focus on Cancel → the restore starts and the caller shows
 * its live progress. */
"use client";
import { useState } from "react";
import { RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { formatBytes, formatShortDate } from "@/components/backups/format";
import type { BackupDto, RestoreScope } from "@/components/backups/types";
import { isFileSource } from "@/lib/restores/scope";
import type { RestoreMode } from "@/lib/restores/schema";
import { RestoreSummary } from "./restore-summary";
import { mappingFor, SourceMapping } from "./source-mapping";
import { affectedSources, codeSources, scopeChoices, untouchedSources } from "./restore-scopes";
import type { PreviewRestoreAction, RestoreTarget, StartRestoreAction } from "./types";

export function RestoreDialog({
  backup,
  projectName,
  currentEnv,
  targets,
  picked,
  timeZone,
  startRestore,
  previewRestore,
  onStarted,
  defaultOpen = false,
  defaultScope,
  label = "Restore",
}: {
  backup: BackupDto;
  projectName: string;
  currentEnv: RestoreTarget;
  targets: RestoreTarget[];
  picked: { sourceId: string; path: string }[];
  timeZone: string;
  startRestore: StartRestoreAction;
  previewRestore: PreviewRestoreAction;
  onStarted: (restoreId: string) => void;
  defaultOpen?: boolean;
  /** The scope chosen when the dialog opens (e.g. "Undo this restore" proposes the undone restore's). */
  defaultScope?: RestoreScope;
  label?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [confirming, setConfirming] = useState(false);
  const [scope, setScope] = useState<RestoreScope>(defaultScope ?? (picked.length ? "paths" : "full"));
  const [targetId, setTargetId] = useState(currentEnv.id);
  const [safety, setSafety] = useState(true);
  const [mode, setMode] = useState<RestoreMode>("mirror");
  const [includeCode, setIncludeCode] = useState(false);
  // The user's choices of target source per backed-up source, per target environment.
  const [picks, setPicks] = useState<Record<string, Record<string, string>>>({});

  const target = targets.find((t) => t.id === targetId) ?? currentEnv;
  const forcedSafety = target.type === "production";
  const when = formatShortDate(backup.startedAt ?? backup.createdAt, timeZone);
  const targetLabel = `${projectName} / ${target.name}`;
  const scopes = scopeChoices(backup.sources, picked, includeCode);
  const code = codeSources(backup.sources);
  const affected = affectedSources(backup.sources, scope, picked, includeCode);
  const touchesFolders = affected.some((s) => isFileSource(s.type));
  const elsewhere = target.id !== currentEnv.id;
  const mapping = elsewhere ? mappingFor(affected, target.sources, picks[target.id] ?? {}, target.name) : [];
  const mappingOk = mapping.every((row) => !row.problem);
  const sourceMap = elsewhere
    ? Object.fromEntries(mapping.flatMap((row) => (row.chosen ? [[row.origin.sourceId, row.chosen.id]] : [])))
    : undefined;
  const request = {
    backupId: backup.id,
    scope,
    paths: scope === "paths" ? picked : undefined,
    targetEnvironmentId: target.id,
    mode,
    includeCode,
    ...(sourceMap ? { sourceMap } : {}),
  };
  const intoName = (sourceId: string) => mapping.find((row) => row.origin.sourceId === sourceId)?.chosen?.name;

  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} data-testid="restore-open">
        <RotateCcw aria-hidden /> {label}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title={`Restore the backup of ${when}`}
          description={`${formatBytes(backup.totalBytes)} · ${backup.sources.map((s) => s.name).join(", ")}`}
          testId="restore-dialog"
          className="max-w-xl"
        >
          <div className="flex flex-col gap-4">
            {backup.damaged ? (
              <p
                role="alert"
                data-testid="restore-damaged-warning"
                className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
              >
                An integrity check found damaged data this backup depends on: it may not restore completely. Prefer an
                older backup that is not marked damaged, or a copy in another destination.
              </p>
            ) : null}
            <div className="flex flex-col gap-1">
              <Label htmlFor="restore-target">Into</Label>
              <Select
                id="restore-target"
                value={targetId}
                onChange={(e) => setTargetId(e.target.value)}
                data-testid="restore-target"
              >
                {targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {projectName} / {t.name} ({t.type}){t.id === currentEnv.id ? " — this environment" : ""}
                  </option>
                ))}
              </Select>
            </div>
            <fieldset className="flex flex-col gap-1.5">
              <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">What</legend>
              {scopes.map((o) => (
                <label
                  key={o.value}
                  className={cn(
                    "flex items-center gap-2 text-sm",
                    o.disabled ? "cursor-not-allowed text-zinc-400" : "cursor-pointer",
                  )}
                >
                  <input
                    type="radio"
                    name="restore-scope"
                    className="size-4 shrink-0 accent-indigo-600"
                    checked={scope === o.value}
                    disabled={o.disabled}
                    onChange={() => setScope(o.value)}
                    data-testid={`scope-${o.value}`}
                  />
                  <span className="font-medium">{o.label}</span>
                  <span className="truncate text-xs text-zinc-500">{o.note}</span>
                </label>
              ))}
            </fieldset>
            {code.length && (scope === "full" || scope === "files") ? (
              <label className="-mt-2 flex items-start gap-2 pl-6 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 accent-indigo-600"
                  checked={includeCode}
                  onChange={(e) => setIncludeCode(e.target.checked)}
                  data-testid="restore-include-code"
                />
                <span>
                  Include code
                  <span className="block text-xs text-zinc-500">
                    {includeCode
                      ? `${[...new Set(code.map((s) => s.name))].join(", ")} is restored too.`
                      : `Off: ${[...new Set(code.map((s) => s.name))].join(", ")} is left as it is (like --no-code).`}
                  </span>
                </span>
              </label>
            ) : null}
            <SourceMapping
              rows={mapping}
              targetName={target.name}
              onPick={(originId, sourceId) =>
                setPicks((all) => ({ ...all, [target.id]: { ...all[target.id], [originId]: sourceId } }))
              }
            />
            {touchesFolders ? (
              <div className="flex flex-col gap-1 rounded-md bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-950">
                <p data-testid="restore-mode-note">
                  {mode === "mirror"
                    ? "Folders become exactly as in the backup: files added since the backup are removed (they stay in the safety backup)."
                    : "Every file of the backup is put back; files added since the backup stay."}{" "}
                  <span className="text-zinc-500">
                    Paths the source excludes (such as node_modules/ or caches) are never touched.
                  </span>
                </p>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    className="size-4 accent-indigo-600"
                    checked={mode === "merge"}
                    onChange={(e) => setMode(e.target.checked ? "merge" : "mirror")}
                    data-testid="restore-keep-added"
                  />
                  Keep files added since the backup
                </label>
              </div>
            ) : null}
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-indigo-600"
                checked={safety || forcedSafety}
                disabled={forcedSafety}
                onChange={(e) => setSafety(e.target.checked)}
                data-testid="restore-safety"
              />
              <span>
                Take a safety backup of {target.name} first
                <span className="block text-xs text-zinc-500">
                  {forcedSafety
                    ? "Required for production. It saves only what this restore replaces."
                    : "Saves only what this restore replaces, so you can undo it with one click."}
                </span>
              </span>
            </label>
          </div>
          <DialogFooter>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="primary"
              onClick={() => {
                setOpen(false);
                setConfirming(true);
              }}
              data-testid="restore-continue"
              disabled={(!affected.length && scope !== "paths") || !mappingOk}
            >
              Continue…
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Restore into ${targetLabel}?`}
        description={
          confirming ? (
            <RestoreSummary
              backup={backup}
              request={request}
              scope={scope}
              mode={mode}
              picked={picked}
              affected={affected}
              targetLabel={targetLabel}
              intoName={elsewhere ? intoName : undefined}
              when={when}
              safety={safety || forcedSafety}
              untouched={scope === "paths" ? [] : untouchedSources(backup.sources, affected)}
              previewRestore={previewRestore}
            />
          ) : null
        }
        confirmLabel="Restore"
        confirmText={target.type === "production" ? target.name : undefined}
        testId="restore-confirm"
        onConfirm={async () => {
          const r = await startRestore({ ...request, safetyBackup: safety || forcedSafety }).catch(() => null);
          if (!r) return "Could not reach the Lifeboat server. Nothing was restored; try again.";
          if (!r.ok) return r.error.message;
          onStarted(r.data.id);
          return null;
        }}
      />
    </>
  );
}
