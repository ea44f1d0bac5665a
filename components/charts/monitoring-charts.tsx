/* The Monitoring tab's charts (recharts): backup size and bytes added over time, duration, success rate
 * per day, and storage per destination. Neutral greys and the accent for data; status colours only
 * where a bar means a status (succeeded / failed). Sizes in binary units, durations as `4m 12s`. */
"use client";
import type { ReactNode } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Activity } from "lucide-react";
import { formatBytes, formatDuration, formatShortDate } from "@/components/backups/format";
import { timeTickFormatter } from "./time-ticks";

export type Point = {
  at: string;
  status: string;
  trigger: string;
  totalBytes: number | null;
  addedBytes: number | null;
  durationMs: number | null;
};
export type Usage = { id: string; name: string; storedBytes: number; snapshots: number };

export const AXIS = { fontSize: 11, fill: "currentColor" };
/** The look every axis shares: small labels and a faint line in the text colour. */
export const AXIS_LINE = { tick: AXIS, stroke: "currentColor", strokeOpacity: 0.3 };
const dayKey = (iso: string, tz: string) => new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date(iso));
export const tooltipStyle = {
  fontSize: 12,
  borderRadius: 6,
  border: "1px solid rgb(228 228 231)",
  color: "rgb(24 24 27)",
};

/** A chart's card: title, subtitle and a fixed-height plot area (the Reports page uses it too). */
export function Card({
  title,
  subtitle,
  children,
  testId,
  height,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  testId: string;
  /** The plot area's height in px (default 13rem). */
  height?: number;
}) {
  return (
    <section
      className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid={testId}
    >
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
      {subtitle ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{subtitle}</p> : null}
      <div
        className={`mt-3 text-zinc-500 dark:text-zinc-400 ${height ? "" : "h-52"}`}
        style={height ? { height } : undefined}
      >
        {children}
      </div>
    </section>
  );
}

export function MonitoringCharts({ points, usage, timeZone }: { points: Point[]; usage: Usage[]; timeZone: string }) {
  if (!points.length) {
    return (
      <div
        className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-zinc-300 px-6 py-16 text-center dark:border-zinc-700"
        data-testid="monitoring-empty"
      >
        <Activity className="size-8 text-zinc-300 dark:text-zinc-600" aria-hidden />
        <p className="text-sm font-medium">No backups in the last 90 days</p>
        <p className="text-sm text-zinc-500">
          Charts appear after the first backups. Start one with Backup now, or set a schedule.
        </p>
      </div>
    );
  }
  const good = points.filter((p) => p.status === "succeeded" || p.status === "partial");
  const sizeData = good.map((p) => ({
    at: p.at,
    total: p.totalBytes ?? 0,
    // restic's data_added counts its metadata too: new data is at most the size (as the backup list shows).
    added: Math.min(p.addedBytes ?? 0, p.totalBytes ?? Number.POSITIVE_INFINITY),
  }));
  const durationData = points
    .filter((p) => p.durationMs !== null)
    .map((p) => ({ at: p.at, ms: p.durationMs, failed: p.status === "failed" ? p.durationMs : null }));
  const days = new Map<string, { day: string; succeeded: number; failed: number }>();
  for (const p of points) {
    const k = dayKey(p.at, timeZone);
    const d = days.get(k) ?? { day: k, succeeded: 0, failed: 0 };
    if (p.status === "succeeded") d.succeeded++;
    else if (p.status === "failed" || p.status === "partial") d.failed++;
    days.set(k, d);
  }
  const dayData = [...days.values()];
  const finished = points.filter((p) => ["succeeded", "failed", "partial"].includes(p.status));
  const rate = finished.length
    ? Math.round((100 * finished.filter((p) => p.status === "succeeded").length) / finished.length)
    : null;
  const label = (v: unknown) => formatShortDate(String(v), timeZone);
  const tick = timeTickFormatter(
    points.map((p) => p.at),
    timeZone,
  );
  const dayTick = (d: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }).format(
      new Date(`${d}T12:00:00Z`),
    );

  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="monitoring-stats">
        <Stat label="Backups (90 days)" value={points.length.toLocaleString("en-US")} />
        <Stat
          label="Success rate"
          value={rate === null ? "—" : `${rate} %`}
          tone={rate !== null && rate < 90 ? "warn" : undefined}
        />
        <Stat label="Latest size" value={formatBytes(good.at(-1)?.totalBytes)} />
        <Stat
          label="Median duration"
          value={formatDuration(median(points.map((p) => p.durationMs).filter((x): x is number => x !== null)))}
        />
      </dl>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card
          title="Size and data added"
          subtitle={`Total size of each good backup, and the new data it stored · times in ${timeZone}`}
          testId="chart-size"
        >
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={sizeData} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="at" tickFormatter={tick} {...AXIS_LINE} minTickGap={24} />
              <YAxis
                yAxisId="total"
                tickFormatter={(v) => formatBytes(Number(v))}
                tick={AXIS}
                width={78}
                stroke="currentColor"
                strokeOpacity={0.3}
              />
              <YAxis
                yAxisId="added"
                orientation="right"
                tickFormatter={(v) => formatBytes(Number(v))}
                tick={AXIS}
                width={78}
                stroke="currentColor"
                strokeOpacity={0.3}
              />
              <Tooltip
                contentStyle={tooltipStyle}
                labelFormatter={label}
                formatter={(v, n) => [formatBytes(Number(v)), String(n)]}
              />
              <Legend iconSize={10} wrapperStyle={{ fontSize: 11 }} />
              <Bar
                yAxisId="added"
                dataKey="added"
                name="added (right axis)"
                fill="rgb(161 161 170)"
                fillOpacity={0.6}
                maxBarSize={28}
                isAnimationActive={false}
              />
              <Line
                yAxisId="total"
                dataKey="total"
                name="size (left axis)"
                stroke="rgb(99 102 241)"
                strokeWidth={2}
                dot={sizeData.length < 30 ? { r: 2.5 } : false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </Card>
        <Card title="Duration" subtitle={`How long each backup took · times in ${timeZone}`} testId="chart-duration">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={durationData} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis dataKey="at" tickFormatter={tick} {...AXIS_LINE} minTickGap={24} />
              <YAxis
                tickFormatter={(v) => formatDuration(Number(v))}
                tick={AXIS}
                width={60}
                stroke="currentColor"
                strokeOpacity={0.3}
              />
              <Tooltip
                contentStyle={tooltipStyle}
                labelFormatter={label}
                formatter={(v) => [formatDuration(Number(v)), "took"]}
              />
              <Area
                dataKey="ms"
                stroke="rgb(99 102 241)"
                fill="rgb(99 102 241)"
                fillOpacity={0.12}
                strokeWidth={1.5}
                dot={durationData.length < 30 ? { r: 2.5 } : false}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </Card>
        <Card
          title="Outcomes per day"
          subtitle={rate === null ? "No finished backups yet" : `${rate} % of finished backups succeeded`}
          testId="chart-success"
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={dayData} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis
                dataKey="day"
                tickFormatter={dayTick}
                tick={AXIS}
                stroke="currentColor"
                strokeOpacity={0.3}
                minTickGap={24}
              />
              <YAxis allowDecimals={false} tick={AXIS} width={28} stroke="currentColor" strokeOpacity={0.3} />
              <Tooltip contentStyle={tooltipStyle} />
              <Bar dataKey="succeeded" stackId="a" fill="rgb(16 185 129)" maxBarSize={28} isAnimationActive={false} />
              <Bar
                dataKey="failed"
                stackId="a"
                fill="rgb(239 68 68)"
                maxBarSize={28}
                isAnimationActive={false}
                name="failed or partial"
              />
            </BarChart>
          </ResponsiveContainer>
        </Card>
        <Card
          title="Storage per destination"
          subtitle="New data stored by the backups still kept (after deduplication)"
          testId="chart-storage"
        >
          {usage.length ? (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={usage} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
                <XAxis
                  type="number"
                  tickFormatter={(v) => formatBytes(Number(v))}
                  tick={AXIS}
                  stroke="currentColor"
                  strokeOpacity={0.3}
                />
                <YAxis
                  type="category"
                  dataKey="name"
                  tick={AXIS}
                  width={120}
                  stroke="currentColor"
                  strokeOpacity={0.3}
                />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatBytes(Number(v)), "stored"]} />
                <Bar dataKey="storedBytes" fill="rgb(99 102 241)" isAnimationActive={false} barSize={18} />
              </BarChart>
            </ResponsiveContainer>
          ) : (
            <p className="pt-16 text-center text-sm">No snapshots stored yet.</p>
          )}
        </Card>
      </div>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "warn" }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd
        className={
          tone === "warn"
            ? "mt-0.5 text-lg font-semibold tabular-nums text-amber-700 dark:text-amber-400"
            : "mt-0.5 text-lg font-semibold tabular-nums"
        }
      >
        {value}
      </dd>
    </div>
  );
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
