/* Display formats from UX.md, pure functions usable on server and client:
 * sizes in binary units (1.2 GiB), durations as "4m 12s", relative times ("2 h ago") with the absolute
 * time (in the environment's time zone when given) for tooltips. */
import { dateTimeFormat } from "@/lib/intl-format";

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const n = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v.toFixed(1);
  return `${bytes < 0 ? "-" : ""}${n} ${units[i]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatRelative(iso: string | Date, now: Date = new Date()): string {
  const t = typeof iso === "string" ? new Date(iso) : iso;
  const diff = Math.round((now.getTime() - t.getTime()) / 1000);
  const future = diff < 0;
  const s = Math.abs(diff);
  let text: string;
  if (s < 45) return future ? "in a few seconds" : "just now";
  else if (s < 3600) text = `${Math.round(s / 60)} min`;
  else if (s < 86400) text = `${Math.round(s / 3600)} h`;
  else if (s < 86400 * 30) text = `${Math.round(s / 86400)} d`;
  else if (s < 86400 * 365) text = `${Math.round(s / (86400 * 30))} mo`;
  else text = `${Math.round(s / (86400 * 365))} y`;
  return future ? `in ${text}` : `${text} ago`;
}

/** "3 Dec 2026, 14:03" (in the given time zone, then with its short name: "… 14:03 CET"). Intl refuses
 * dateStyle/timeStyle together with timeZoneName, so the fields are spelled out. */
export function formatDateTime(iso: string | Date, timeZone?: string): string {
  const t = typeof iso === "string" ? new Date(iso) : iso;
  try {
    return dateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: timeZone || undefined,
      timeZoneName: timeZone ? "short" : undefined,
    }).format(t);
  } catch {
    return t.toISOString();
  }
}
