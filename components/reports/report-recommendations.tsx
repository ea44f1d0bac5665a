/* What the report advises, worst first, or a short all-clear. */
import { CheckCircle2, Lightbulb } from "lucide-react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export function ReportRecommendations({ items }: { items: string[] }) {
  return (
    <Card data-testid="report-recommendations">
      <CardHeader title="Recommendations" description="What to fix first, from this period's figures." />
      <CardBody>
        {items.length ? (
          <ul className="flex flex-col gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            {items.map((r) => (
              <li key={r} className="flex gap-2">
                <Lightbulb className="mt-0.5 size-4 shrink-0 text-amber-500" aria-hidden />
                <span>{r}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <CheckCircle2 className="size-4 text-emerald-600" aria-hidden />
            Nothing to do: every environment met its targets.
          </p>
        )}
      </CardBody>
    </Card>
  );
}
