/* The Reports page's period picker as a plain GET form: preset periods as links, or a custom from/to
 * (inclusive days, UTC) and a project. Works without JavaScript and keeps the period in the URL. */
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { PeriodPreset } from "@/lib/reports/period-presets";

const ACTIVE = cn(
  "border-indigo-300 bg-indigo-50 text-indigo-700",
  "dark:border-indigo-800 dark:bg-indigo-950/60 dark:text-indigo-300",
);
const IDLE = cn(
  "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50",
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800",
);

export function ReportPeriodForm({
  presets,
  values,
  projects,
}: {
  presets: PeriodPreset[];
  values: { from: string; to: string; projectId?: string };
  projects: { id: string; name: string }[];
}) {
  const project: Record<string, string> = values.projectId ? { projectId: values.projectId } : {};
  const href = (p: PeriodPreset) => `/reports?${new URLSearchParams({ from: p.from, to: p.to, ...project })}`;
  return (
    <div className="mb-5 flex flex-col gap-3" data-testid="report-period">
      <nav className="flex flex-wrap gap-1.5" aria-label="Period presets">
        {presets.map((p) => {
          const active = p.from === values.from && p.to === values.to;
          return (
            <Link
              key={p.id}
              href={href(p)}
              aria-current={active ? "true" : undefined}
              data-testid={`preset-${p.id}`}
              className={cn(
                "rounded-md border px-2.5 py-1 text-sm font-medium transition-colors",
                active ? ACTIVE : IDLE,
              )}
            >
              {p.label}
            </Link>
          );
        })}
      </nav>
      <form method="get" action="/reports" className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <Label htmlFor="r-from">From</Label>
          <Input id="r-from" type="date" name="from" defaultValue={values.from} className="w-40" required />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="r-to">To (inclusive)</Label>
          <Input id="r-to" type="date" name="to" defaultValue={values.to} className="w-40" required />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="r-project">Project</Label>
          <Select
            id="r-project"
            name="projectId"
            defaultValue={values.projectId ?? ""}
            className="w-52"
            data-testid="report-project"
          >
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" data-testid="report-apply">
          Show report
        </Button>
        <span className="pb-2 text-xs text-zinc-500 dark:text-zinc-400">Days are in UTC.</span>
      </form>
    </div>
  );
}
