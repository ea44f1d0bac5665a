/* A small recharts line of backup sizes for a dashboard row: no axes, the size of each good backup over
 * time, hover shows the value. Renders a flat placeholder when there are fewer than two points, so the
 * row never pretends to a trend it does not have. */
"use client";
import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from "recharts";
import { formatBytes } from "@/components/backups/format";

export function Sparkline({ points, className }: { points: { at: string; bytes: number }[]; className?: string }) {
  if (points.length < 2) {
    return (
      <div className={className} aria-hidden>
        <div className="mt-3 h-px w-full bg-zinc-200 dark:bg-zinc-700" />
      </div>
    );
  }
  return (
    <div
      className={className}
      data-testid="size-sparkline"
      aria-label={`Backup size, last ${points.length} backups`}
      role="img"
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          <Tooltip
            cursor={false}
            contentStyle={{ fontSize: 11, padding: "2px 6px", borderRadius: 4 }}
            labelFormatter={() => ""}
            formatter={(v) => [formatBytes(Number(v)), "size"]}
          />
          <Line
            type="monotone"
            dataKey="bytes"
            stroke="currentColor"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
