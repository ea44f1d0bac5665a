/* The words the audit log uses for changed fields, instead of the code's names ("destinationIds"). */

const FIELD_LABELS: Record<string, string> = {
  destinationIds: "destinations",
  maxManualBackups: "manual backups kept",
  retention: "retention",
  schedules: "schedules",
  live: "live or consistent mode",
  hooks: "hooks",
  name: "name",
  slug: "slug",
  type: "type",
  timezone: "time zone",
  active: "paused or active",
  config: "connection settings",
  secrets: "secrets",
  role: "role",
  email: "e-mail",
  password: "password",
  defaultDestinationId: "default destination",
  description: "description",
  exclude: "excludes",
};

/** "destinationIds" → "destinations"; unknown names are split at capitals ("someField" → "some field"). */
export function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
