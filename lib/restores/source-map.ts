/* Which target source each backed-up source restores into — one rule for the Restore dialog (what it
 * shows and proposes when another environment is picked), the restore plan and the server's check of a
 * `sourceMap` the client sent. Default: the same source when restoring in place, else the target's
 * source with the same name and type. A map (backed-up source id → target source id) overrides that per
 * source; the server accepts it only when every target is a source of the target environment, of the
 * same type, and no two backed-up sources go into one target. Plain module (no server-only). */
import { z } from "zod";

/** A backed-up source as a backup names it (its snapshot rows keep the name and type it had). */
export type OriginSource = { sourceId: string; name: string; type: string };
/** A source of the target environment. */
export type TargetSource = { id: string; name: string; type: string };

/** The target source `origin` restores into without a map; undefined when none matches. */
export function defaultTargetFor<T extends TargetSource>(origin: OriginSource, targets: T[]): T | undefined {
  return (
    targets.find((t) => t.id === origin.sourceId) ??
    targets.find((t) => t.name === origin.name && t.type === origin.type)
  );
}

/** The target sources `origin` may be mapped to: those of the same type. */
export function candidatesFor<T extends TargetSource>(origin: OriginSource, targets: T[]): T[] {
  return targets.filter((t) => t.type === origin.type);
}

/** The target source `origin` restores into: the map's choice when it names one, else the default. */
export function targetFor<T extends TargetSource>(
  origin: OriginSource,
  targets: T[],
  sourceMap?: Record<string, string> | null,
): T | undefined {
  const mapped = sourceMap?.[origin.sourceId];
  if (mapped) return targets.find((t) => t.id === mapped && t.type === origin.type);
  return defaultTargetFor(origin, targets);
}

/** A zod schema of a `sourceMap` for this backup's sources and this target environment (the server
 * parses the request's map with it; a refusal is a 400 naming the offending entry). */
export function sourceMapSchema(origins: OriginSource[], targets: TargetSource[], targetName: string) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    const seen = new Map<string, string>();
    for (const [originId, targetId] of Object.entries(map)) {
      const origin = origins.find((o) => o.sourceId === originId);
      const target = targets.find((t) => t.id === targetId);
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [originId], message });
      if (!origin) {
        issue("This source is not in the backup; map only the backup's sources.");
      } else if (!target) {
        issue(`"${origin.name}" is mapped to a source that is not in ${targetName}; choose one of its sources.`);
      } else if (target.type !== origin.type) {
        issue(
          `"${origin.name}" is a ${origin.type} source; "${target.name}" in ${targetName} is ${target.type}. ` +
            `Choose a ${origin.type} source.`,
        );
      } else if (seen.has(targetId)) {
        issue(`"${seen.get(targetId)}" and "${origin.name}" are both mapped to "${target.name}"; choose one each.`);
      } else {
        seen.set(targetId, origin.name);
      }
    }
  });
}
