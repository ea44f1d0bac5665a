/* Browser-safe shapes of restores that a form, a route and the service share: the folder restore mode,
 * the preview's request and answer. No server-only imports (the Restore dialog uses these). */
import { z } from "zod";

/** "mirror": a folder becomes equal to the backup (files added since are removed; they stay in the
 * safety backup). "merge": files added since stay. Paths the source excludes are never deleted. */
export const ZRestoreMode = z.enum(["mirror", "merge"]);
export type RestoreMode = z.infer<typeof ZRestoreMode>;

/** full: everything but code (unless includeCode); databases / files / config: the sources of that role;
 * paths: chosen files (lib/restores/scope.ts). */
export const ZRestoreScope = z.enum(["full", "databases", "files", "config", "paths"], {
  error: "Choose what to restore: full, databases, files, config or paths",
});
export type RestoreScopeName = z.infer<typeof ZRestoreScope>;

/** Whether code-role sources join a "full" or "files" restore (default false: code is left alone). */
export const ZIncludeCode = z.boolean({ error: "includeCode is true or false" });

export const ZRestorePaths = z
  .array(z.object({ sourceId: z.string().uuid(), path: z.string().min(1).max(4096) }))
  .max(1000);

/** Which target source each backed-up source goes into (backed-up source id → target source id), when
 * restoring into another environment whose sources are named differently. Checked against the backup
 * and the target on the server (source-map.ts: same type, a source of the target, one target each). */
export const ZSourceMap = z
  .record(z.string().uuid("A source id in sourceMap is not valid."), z.string().uuid("Choose a target source."))
  .refine((m) => Object.keys(m).length <= 200, "sourceMap names more than 200 sources.");
export type SourceMap = z.infer<typeof ZSourceMap>;

/** POST /api/v1/backups/{id}/restore/preview — the same fields as the restore itself. */
export const ZRestorePreviewBody = z.object({
  scope: ZRestoreScope,
  paths: ZRestorePaths.optional(),
  targetEnvironmentId: z.string().uuid().optional(),
  mode: ZRestoreMode.optional(),
  sourceMap: ZSourceMap.optional(),
  includeCode: ZIncludeCode.optional(),
});
export type TRestorePreviewBody = z.input<typeof ZRestorePreviewBody>;

/** What a restore would change in one target source. Counts are files (not folders). */
export type RestorePreviewItem = {
  sourceId: string;
  name: string;
  type: string;
  kind: "database" | "folder";
  /** Folders: the live folder's path (as the target source names it). */
  path?: string;
  /** Files in the backup that exist now and are overwritten. */
  replaces: number;
  /** Files in the backup that are missing now and come back. */
  bringsBack: number;
  /** Files that exist now but not in the backup: removed in mirror mode, kept in merge mode. */
  addedSince: number;
  /** Top-most excluded entries (e.g. node_modules/) in the live folder: always left alone. */
  excluded: string[];
  /** Why counts could not be made (the folder is not readable from the panel, no file index…). */
  unknown?: string;
};

export type RestorePreview = {
  mode: RestoreMode;
  items: RestorePreviewItem[];
  totals: { replaces: number; bringsBack: number; removes: number; keeps: number; excluded: number };
  databases: string[];
};

/** The preview as the panel's server action takes it (the backup id travels in the body). */
export const ZRestorePreviewRequest = ZRestorePreviewBody.extend({ backupId: z.string().uuid() });
export type TRestorePreviewRequest = z.input<typeof ZRestorePreviewRequest>;
