/* Filters of the audit log as a plain GET form (action prefix, actor e-mail, target type, outcome).
 * Submitting starts again from the newest entry. */
import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const TARGET_TYPES = [
  "project",
  "environment",
  "source",
  "destination",
  "user",
  "api_token",
  "backup",
  "restore",
  "backup_settings",
];

export function AuditFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/audit" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filters">
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-action">Action</Label>
        <Input
          id="f-action"
          name="action"
          defaultValue={values.action}
          placeholder="e.g. source."
          className="w-52"
          data-testid="filter-action"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-actor">Actor</Label>
        <Input
          id="f-actor"
          name="actor"
          defaultValue={values.actor}
          placeholder="e-mail contains…"
          className="w-52"
          data-testid="filter-actor"
        />
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-target">Target</Label>
        <Select
          id="f-target"
          name="targetType"
          defaultValue={values.targetType ?? ""}
          className="w-40"
          data-testid="filter-target"
        >
          <option value="">any</option>
          {TARGET_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-outcome">Outcome</Label>
        <Select
          id="f-outcome"
          name="outcome"
          defaultValue={values.outcome ?? ""}
          className="w-32"
          data-testid="filter-outcome"
        >
          <option value="">any</option>
          <option value="success">success</option>
          <option value="failure">failure</option>
          <option value="denied">denied</option>
        </Select>
      </div>
      <Button type="submit" data-testid="filter-apply">
        Filter
      </Button>
      {Object.keys(values).length ? (
        <Link href="/audit" className={buttonClasses({ variant: "ghost" })}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
