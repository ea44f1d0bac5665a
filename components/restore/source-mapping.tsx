/* "Into which source" — shown in the Restore dialog when another environment is picked: for each
 * backed-up source the restore covers, the target environment's source it will restore into (a select of
 * the target's sources of the same type; by default the one with the same name), or, flagged before the
 * last step, that the target has none of that type or none is chosen yet. `mappingFor` is the pure rule
 * the dialog uses to build the request's sourceMap and to know whether it can continue. */
"use client";
import { Select } from "@/components/ui/input";
import { candidatesFor, defaultTargetFor, type OriginSource, type TargetSource } from "@/lib/restores/source-map";

export type MappingRow = { origin: OriginSource; candidates: TargetSource[]; chosen?: TargetSource; problem?: string };

/** Each origin's row: its candidates, the chosen target (the user's pick, else the default by name and
 * type) and what stops the restore (no candidate, nothing chosen, a target chosen twice). */
export function mappingFor(
  origins: OriginSource[],
  targets: TargetSource[],
  picks: Record<string, string>,
  targetName: string,
): MappingRow[] {
  const rows: MappingRow[] = origins.map((origin) => {
    const candidates = candidatesFor(origin, targets);
    const picked = picks[origin.sourceId];
    const chosen = picked !== undefined ? candidates.find((c) => c.id === picked) : defaultTargetFor(origin, targets);
    if (!candidates.length)
      return { origin, candidates, problem: `${targetName} has no ${origin.type} source: add one to restore into.` };
    if (!chosen)
      return { origin, candidates, problem: `${targetName} has no source named “${origin.name}”: choose one.` };
    return { origin, candidates, chosen };
  });
  for (const row of rows) {
    const twice = rows.find((o) => o !== row && o.chosen && o.chosen.id === row.chosen?.id);
    if (twice && !row.problem)
      row.problem = `“${twice.origin.name}” goes into ${row.chosen!.name} too: choose another.`;
  }
  return rows;
}

export function SourceMapping({
  rows,
  targetName,
  onPick,
}: {
  rows: MappingRow[];
  targetName: string;
  onPick: (originId: string, targetId: string) => void;
}) {
  if (!rows.length) return null;
  return (
    <fieldset className="flex flex-col gap-1.5" data-testid="restore-mapping">
      <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Into which source of {targetName}
      </legend>
      {rows.map(({ origin, candidates, chosen, problem }) => (
        <div
          key={origin.sourceId}
          className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1.4fr)] items-center gap-2 text-sm"
          data-testid={`restore-map-${origin.sourceId}`}
          data-state={problem ? "problem" : "ok"}
        >
          <span className="truncate" title={`${origin.name} (${origin.type})`}>
            <span className="font-medium">{origin.name}</span>{" "}
            <span className="text-xs text-zinc-500">{origin.type}</span>
          </span>
          <span aria-hidden className="text-zinc-400">
            →
          </span>
          {candidates.length ? (
            <Select
              aria-label={`Restore ${origin.name} into`}
              value={chosen?.id ?? ""}
              onChange={(e) => onPick(origin.sourceId, e.target.value)}
              data-testid={`restore-map-select-${origin.sourceId}`}
              invalid={Boolean(problem)}
            >
              {chosen ? null : <option value="">Choose a source…</option>}
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          ) : (
            <span className="text-xs text-zinc-500">no {origin.type} source</span>
          )}
          {problem ? (
            <p className="col-span-3 text-xs text-red-700 dark:text-red-400" data-testid="restore-map-problem">
              {problem}
            </p>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}
