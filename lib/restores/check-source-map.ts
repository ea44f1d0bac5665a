/* The server's check of a restore request's `sourceMap` (lib/restores/source-map.ts holds the rule and
 * its zod schema): every entry names a source of the backup and a source of the target environment of
 * the same type, one target each. Throws a 400 (validation_failed, the offending entry in `fields`). */
import "server-only";
import type { backupSnapshots, environments, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { zodFields } from "@/lib/http/zod-fields";
import type { SourceMap } from "./schema";
import { type OriginSource, sourceMapSchema } from "./source-map";

type Snap = typeof backupSnapshots.$inferSelect;
type Target = { env: typeof environments.$inferSelect; sources: (typeof sources.$inferSelect)[] };

export function checkSourceMap(sourceMap: SourceMap | undefined, snaps: Snap[], target: Target): void {
  if (!sourceMap) return;
  const origins = new Map<string, OriginSource>();
  for (const s of snaps) origins.set(s.sourceId, { sourceId: s.sourceId, name: s.sourceName, type: s.sourceType });
  const parsed = sourceMapSchema([...origins.values()], target.sources, target.env.name).safeParse(sourceMap);
  if (parsed.success) return;
  // Field keys name the map's entries ("sourceMap.<backed-up source id>"); the message names the source.
  const fields = Object.fromEntries(Object.entries(zodFields(parsed.error)).map(([k, v]) => [`sourceMap.${k}`, v]));
  throw new AppError("validation_failed", Object.values(fields)[0] ?? "The source mapping is not valid.", fields);
}
