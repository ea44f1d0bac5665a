/* Keeps secrets out of the server log. Every log line (pino, and console output from Next.js itself) goes
 * through redactLogText: the parameters of a failed SQL statement ("params: …", which held password
 * hashes and sealed secrets), and any value shaped like a secret — argon2 hashes, sealed secrets
 * (v1:…), API tokens (lb_…), JWTs, bearer tokens, passwords in URLs or in key=value pairs — become
 * [redacted]; so does any field named like a secret. Pure. */

const R = "[redacted]";

const VALUE_PATTERNS: [RegExp, string][] = [
  [/(params: )[^\n]*/g, `$1${R}`],
  [/\$argon2(?:id|i|d)\$[^\s"'\\]+/g, R],
  [/\bv1:[0-9a-f]{8}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*:[A-Za-z0-9_-]+/g, R],
  [/\blb_[A-Za-z0-9_-]{16,}/g, R],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g, R],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${R}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/"'<>]*:)[^\s@/"'<>]+@/gi, `$1${R}@`],
  [
    /\b((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?access[_-]?key)=)[^&\s"'<>;]+/gi,
    `$1${R}`,
  ],
];

const SECRET_KEY =
  /^(password|passwordHash|password_hash|newPassword|currentPassword|secrets?|secretsEnc|secrets_enc|token|authorization|cookie|restic_password|aws_secret_access_key|pgpassword|mysql_pwd)$/i;

/** `text` with every secret-shaped substring replaced by [redacted]. */
export function redactLogText(text: string): string {
  let out = text;
  for (const [re, to] of VALUE_PATTERNS) out = out.replace(re, to);
  return out;
}

/** A deep copy of `value` with secret-named fields and secret-shaped strings redacted. */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactLogText(value);
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactLogValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== "" ? R : redactLogValue(v, depth + 1);
  }
  return out;
}

/** One serialized JSON log line, redacted (falls back to the text patterns if it is not JSON). */
export function redactLogLine(line: string): string {
  const trimmed = line.endsWith("\n") ? line.slice(0, -1) : line;
  try {
    return `${JSON.stringify(redactLogValue(JSON.parse(trimmed)))}\n`;
  } catch {
    return redactLogText(line);
  }
}
