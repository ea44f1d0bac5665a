/* What the CLI prints. With --json: exactly one JSON document on stdout (the result, or {error}) and
 * nothing else there; without: short human text and tables. Progress goes to stderr and only when it is
 * a terminal (never with --json), so pipes and scripts see clean output. */
import type { CliError } from "./errors";
import type { TProgress } from "./schemas";

export type Output = {
  json: boolean;
  /** Prints the result: `data` as JSON with --json, else what `human` returns (lines). */
  result(data: unknown, human: () => string | string[]): void;
  /** A note for the person (stderr; dropped with --json). */
  info(line: string): void;
  /** A progress line redrawn in place (stderr, terminals only, never with --json). */
  progress(line: string): void;
  /** Ends a progress line so the next output starts on a fresh line. */
  endProgress(): void;
  error(e: CliError): void;
  readonly interactive: boolean;
};

export function createOutput(
  json: boolean,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process,
): Output {
  const tty = Boolean(io.stderr.isTTY) && !json;
  let drawn = false;
  const endProgress = () => {
    if (drawn) io.stderr.write("\n");
    drawn = false;
  };
  return {
    json,
    interactive: tty,
    result(data, human) {
      endProgress();
      if (json) {
        io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      const text = human();
      const lines = Array.isArray(text) ? text : [text];
      if (lines.length) io.stdout.write(`${lines.join("\n")}\n`);
    },
    info(line) {
      if (json) return;
      endProgress();
      io.stderr.write(`${line}\n`);
    },
    progress(line) {
      if (!tty) return;
      const width = Math.max(20, (io.stderr.columns || 80) - 1);
      io.stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
      drawn = true;
    },
    endProgress,
    error(e) {
      endProgress();
      if (json)
        io.stdout.write(
          `${JSON.stringify({ error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), exitCode: e.exitCode } }, null, 2)}\n`,
        );
      io.stderr.write(`lifeboat: ${e.message}\n`);
      for (const [field, message] of Object.entries(e.fields ?? {})) io.stderr.write(`  ${field}: ${message}\n`);
    },
  };
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** "running  42% · 1.2 GiB of 3.0 GiB · ETA 1m 20s" from the API's progress fields. */
export function progressLine(label: string, status: string, p: TProgress | undefined): string {
  if (!p) return `${label} ${status}…`;
  const parts = [`${label} ${status} ${Math.round(p.percent).toString().padStart(3)}%`];
  if (p.bytesTotal) parts.push(`${formatBytes(p.bytesDone ?? 0)} of ${formatBytes(p.bytesTotal)}`);
  if (p.etaSeconds !== null && p.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  if (p.phase) parts.push(p.phase);
  return parts.join(" · ");
}

/** A plain text table: a header row and aligned columns. */
export function table(header: string[], rows: string[][]): string[] {
  if (!rows.length) return [];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** ISO time → "2026-12-03 06:10:57Z" (short and unambiguous); null → "–". */
export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "–";
}
