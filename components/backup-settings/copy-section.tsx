/* "Copy to" section of Backup Settings: off-site copies (3-2-1). Each row is a destination that gets a
 * `restic copy` of every good backup, with its own retention — the environment's, a preset, or a count
 * of last/daily/weekly/monthly backups (e.g. 12 monthly off-site). A destination that is ticked above
 * (a primary) is not offered. Field errors come from the server's schema with its paths
 * ("copies.0.destinationId"). */
"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { DEFAULT_COPY_BEHIND_HOURS, type TCopyTarget } from "@/lib/copies/schema";
import type { StoredRetention } from "@/lib/retention/schema";
import type { DestinationOption, RetentionPresetOption } from "./types";

const COUNTS = [
  ["keepLast", "last backups"],
  ["keepDaily", "daily backups"],
  ["keepWeekly", "weekly backups"],
  ["keepMonthly", "monthly backups"],
] as const;
type CountKey = (typeof COUNTS)[number][0];

/** The dropdown value of a stored retention: "" (the environment's), "preset:<id>" or a count field. */
function kindOf(r: StoredRetention | null | undefined): string {
  if (!r) return "";
  if ("preset" in r) return `preset:${r.preset}`;
  const set = COUNTS.filter(([k]) => (r as Record<string, unknown>)[k]);
  return set.length === 1 && Object.keys(r).length === 1 ? set[0]![0] : "custom";
}

function countOf(r: StoredRetention | null | undefined): number {
  if (!r || "preset" in r) return 0;
  const k = kindOf(r) as CountKey;
  return ((r as Record<string, number | undefined>)[k] ?? 0) as number;
}

export function CopySection({
  copies,
  destinations,
  primaryIds,
  presets,
  errors,
  disabled,
  onChange,
}: {
  copies: TCopyTarget[];
  destinations: DestinationOption[];
  primaryIds: string[];
  presets: RetentionPresetOption[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (copies: TCopyTarget[]) => void;
}) {
  const candidates = destinations.filter((d) => !primaryIds.includes(d.id));
  const set = (i: number, c: TCopyTarget) => onChange(copies.map((x, j) => (j === i ? c : x)));
  const unused = candidates.filter((d) => !copies.some((c) => c.destinationId === d.id));
  return (
    <div className="flex flex-col gap-2" data-testid="copy-section">
      {copies.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="copy-none">
          No copies. Backups live only in the destinations ticked above.
        </p>
      ) : null}
      {copies.map((c, i) => {
        const kind = kindOf(c.retention);
        const error = Object.entries(errors).find(([k]) => k.startsWith(`copies.${i}.`))?.[1];
        return (
          <div key={c.destinationId} className="flex flex-col gap-1" data-testid="copy-row">
            <div className="flex flex-wrap items-center gap-2">
              <Select
                aria-label="Copy destination"
                className="w-64"
                value={c.destinationId}
                disabled={disabled}
                invalid={!!errors[`copies.${i}.destinationId`]}
                onChange={(e) => set(i, { ...c, destinationId: e.target.value })}
                data-testid="copy-destination"
              >
                {candidates
                  .filter((d) => d.id === c.destinationId || !copies.some((x) => x.destinationId === d.id))
                  .map((d) => (
                    <option key={d.id} value={d.id} title={d.detail}>
                      {d.name}
                    </option>
                  ))}
                {candidates.some((d) => d.id === c.destinationId) ? null : (
                  <option value={c.destinationId}>(a destination ticked above)</option>
                )}
              </Select>
              <span className="text-xs text-zinc-500">keeps</span>
              {COUNTS.some(([k]) => k === kind) ? (
                <Input
                  type="number"
                  aria-label="How many"
                  className="w-20"
                  min={1}
                  value={countOf(c.retention)}
                  disabled={disabled}
                  onChange={(e) => set(i, { ...c, retention: { [kind]: Number(e.target.value) } as StoredRetention })}
                  data-testid="copy-retention-count"
                />
              ) : null}
              <Select
                aria-label="Copy retention"
                className="w-56"
                value={kind}
                disabled={disabled}
                onChange={(e) => {
                  const v = e.target.value;
                  if (!v) set(i, { destinationId: c.destinationId });
                  else if (v.startsWith("preset:"))
                    set(i, { ...c, retention: { preset: v.slice(7) } as StoredRetention });
                  else set(i, { ...c, retention: { [v]: countOf(c.retention) || 7 } as StoredRetention });
                }}
                data-testid="copy-retention"
              >
                <option value="">the same as this environment</option>
                {presets.map((p) => (
                  <option key={p.key} value={`preset:${p.key}`}>
                    {p.label}
                  </option>
                ))}
                {COUNTS.map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
                {kind === "custom" ? <option value="custom">a custom policy (set through the API)</option> : null}
              </Select>
              <span className="text-xs text-zinc-500">alert when more than</span>
              <Input
                type="number"
                min={1}
                max={720}
                className="w-16"
                aria-label="Alert when this copy is more than this many hours behind"
                placeholder={String(DEFAULT_COPY_BEHIND_HOURS)}
                value={c.alertBehindHours ?? ""}
                disabled={disabled}
                onChange={(e) => {
                  const n = e.target.value === "" ? undefined : Number(e.target.value);
                  set(i, { ...c, alertBehindHours: n });
                }}
                data-testid="copy-behind-hours"
              />
              <span className="text-xs text-zinc-500">h behind</span>
              {!disabled ? (
                <Button
                  size="icon"
                  variant="ghost"
                  aria-label="Remove this copy"
                  onClick={() => onChange(copies.filter((_, j) => j !== i))}
                  data-testid="copy-remove"
                >
                  <Trash2 aria-hidden />
                </Button>
              ) : null}
            </div>
            {error ? (
              <p role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid="copy-error">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {!disabled ? (
        unused.length ? (
          <div>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => onChange([...copies, { destinationId: unused[0]!.id }])}
              data-testid="copy-add"
            >
              <Plus aria-hidden /> Add a copy
            </Button>
          </div>
        ) : copies.length === 0 ? (
          <p className="text-xs text-zinc-500">Add a second destination first (ideally in another place).</p>
        ) : null
      ) : null}
    </div>
  );
}
