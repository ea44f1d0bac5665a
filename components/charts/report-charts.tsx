/* The Reports page's charts (recharts), from the same report the table and the downloads show: per
 * environment, the success rate and the schedule adherence of the period (percent bars), and the RPO
 * achieved against its target (hours; a bar over its target is red). Environments are listed worst
 * first and capped at 12 per chart so the bars stay readable; the table below has them all. */
"use client";
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReportEnvironment } from "@/lib/reports/schema";
import { AXIS, AXIS_LINE, Card, tooltipStyle } from "./monitoring-charts";

const MAX_BARS = 12;
const HOUR = 3600;
const ACCENT = "rgb(99 102 241)";
const GREY = "rgb(161 161 170)";
const RED = "rgb(220 38 38)";

const label = (e: ReportEnvironment) => `${e.projectName} / ${e.name}`;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export function ReportCharts({ environments }: { environments: ReportEnvironment[] }) {
  const rates = environments
    .filter((e) => e.successRate !== null || e.adherencePercent !== null)
    .map((e) => ({
      name: label(e),
      success: pct(e.successRate === null ? null : e.successRate * 100),
      onTime: pct(e.adherencePercent),
    }))
    .sort((a, b) => (a.success ?? 101) - (b.success ?? 101) || (a.onTime ?? 101) - (b.onTime ?? 101))
    .slice(0, MAX_BARS);
  const rpo = environments
    .map((e) => ({
      name: label(e),
      achieved: Math.round((e.rpoAchievedSeconds / HOUR) * 10) / 10,
      target: Math.round((e.rpoTargetSeconds / HOUR) * 10) / 10,
      over: e.rpoAchievedSeconds > e.rpoTargetSeconds,
    }))
    .sort((a, b) => b.achieved / (b.target || 1) - a.achieved / (a.target || 1))
    .slice(0, MAX_BARS);
  const height = (n: number) => Math.max(160, n * 34 + 60);
  const more = (n: number) => (environments.length > n ? ` · the ${n} worst of ${environments.length}` : "");
  return (
    <div className="mb-6 grid grid-cols-1 gap-4 xl:grid-cols-2" data-testid="report-charts">
      <Card
        title="Success rate and schedule adherence"
        subtitle={`Backups that succeeded, and scheduled slots whose backup started within 15 min${more(rates.length)}`}
        testId="chart-report-rates"
        height={height(rates.length)}
      >
        {rates.length ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rates} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
              <XAxis type="number" domain={[0, 100]} tickFormatter={(v) => `${v} %`} {...AXIS_LINE} />
              <YAxis type="category" dataKey="name" width={150} tick={AXIS} stroke="currentColor" strokeOpacity={0.3} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v, n) => [v === null ? "—" : `${v} %`, String(n)]} />
              <Legend iconSize={10} wrapperStyle={{ fontSize: 11 }} />
              <Bar dataKey="success" name="succeeded" fill={ACCENT} maxBarSize={12} isAnimationActive={false} />
              <Bar dataKey="onTime" name="on schedule" fill={GREY} maxBarSize={12} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <p className="pt-16 text-center text-sm">No backup finished in this period.</p>
        )}
      </Card>
      <Card
        title="RPO achieved against the target"
        subtitle={`The longest stretch without a newer good backup, in hours; red: over its target${more(rpo.length)}`}
        testId="chart-report-rpo"
        height={height(rpo.length)}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rpo} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
            <XAxis type="number" tickFormatter={(v) => `${v} h`} {...AXIS_LINE} />
            <YAxis type="category" dataKey="name" width={150} tick={AXIS} stroke="currentColor" strokeOpacity={0.3} />
            <Tooltip contentStyle={tooltipStyle} formatter={(v, n) => [`${v} h`, String(n)]} />
            <Legend iconSize={10} wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="achieved" name="achieved" fill={ACCENT} maxBarSize={12} isAnimationActive={false}>
              {rpo.map((r) => (
                <Cell key={r.name} fill={r.over ? RED : ACCENT} data-over={r.over} />
              ))}
            </Bar>
            <Bar
              dataKey="target"
              name="target"
              fill={GREY}
              fillOpacity={0.5}
              maxBarSize={12}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </Card>
    </div>
  );
}
