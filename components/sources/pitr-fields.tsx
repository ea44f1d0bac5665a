/* The "Continuous (point-in-time)" part of a PostgreSQL source's form: the switch, and when on, the
 * base-backup schedule. What the server must allow is said up front; whether it does is checked by the
 * stream itself and shown as the source's PITR state. */
"use client";
import { TextField } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";

type Props = {
  values: Record<string, string>;
  set: (key: string, value: string) => void;
  error: (key: string) => string | undefined;
};

export function PitrFields({ values, set, error }: Props) {
  const on = values["config.pitr.enabled"] === "on";
  return (
    <div className="rounded-md border border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
      <div className="flex items-start justify-between gap-3">
        <div>
          <label htmlFor="config.pitr.enabled" className="text-sm font-medium">
            Continuous (point-in-time)
          </label>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            Streams the server's WAL into the destinations, so the database can be restored to any second, not only to
            the last dump. Needs a role with REPLICATION, a pg_hba.conf replication line and wal_level = replica;
            Lifeboat says what to change if something is missing.
          </p>
        </div>
        <Switch
          id="config.pitr.enabled"
          data-testid="pitr-switch"
          checked={on}
          onCheckedChange={(next) => set("config.pitr.enabled", next ? "on" : "")}
        />
      </div>
      {on ? (
        <div className="mt-2">
          <TextField
            id="config.pitr.baseBackupCron"
            label="Base backups (cron, UTC)"
            placeholder="0 3 * * * (daily at 03:00)"
            value={values["config.pitr.baseBackupCron"] ?? ""}
            onChange={(e) => set("config.pitr.baseBackupCron", e.target.value)}
            error={error("config.pitr.baseBackupCron")}
            hint="A full copy of the cluster to replay from; the first one is taken as soon as the stream runs."
            className="[&_input]:font-mono"
          />
        </div>
      ) : null}
    </div>
  );
}
