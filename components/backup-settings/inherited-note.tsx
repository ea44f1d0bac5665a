/* InheritedNote: one line at the top of a Backup Settings section naming the fields whose values come
 * from the environment type's defaults (edited on the Environment types page) or, for destinations, the
 * project's or the global default destination. Nothing when the section sets everything itself. */
import type { SettingsField } from "@/lib/backup-settings/schema";

const LABEL: Record<SettingsField, string> = {
  schedules: "schedule",
  retention: "retention",
  maxManualBackups: "manual backups kept",
  maxBackups: "backups kept in total",
  destinationIds: "destinations",
  live: "live or consistent",
};

export function InheritedNote({ fields, environmentType }: { fields: SettingsField[]; environmentType?: string }) {
  if (!fields.length) return null;
  const fromType = fields.filter((f) => f !== "destinationIds");
  return (
    <p
      className="mb-3 rounded-md bg-sky-50 px-3 py-1.5 text-xs text-sky-900 dark:bg-sky-950/40 dark:text-sky-200"
      data-testid="inherited-note"
      data-fields={fields.join(" ")}
    >
      {fromType.length ? (
        <>
          Inherited from the{" "}
          <a className="font-medium underline" href="/environment-types">
            {environmentType ?? "type"} defaults
          </a>
          : {fromType.map((f) => LABEL[f]).join(", ")}. Change a value to set it for this environment only.
        </>
      ) : (
        "Inherited: the project's default destination (or the global default). Tick destinations to choose them here."
      )}
    </p>
  );
}
