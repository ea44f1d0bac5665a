/* Text helpers for what restic prints: the stderr tail kept for messages, secret redaction, and the
 * repository URL as shown to users. Pure (unit-tested through run.test.ts, which imports them via run.ts). */
import type { Repo } from "../types";

export const STDERR_KEEP = 1024;

/** Keep only the last `max` characters, cut at a line start when possible. */
export function tailText(s: string, max = STDERR_KEEP): string {
  if (s.length <= max) return s;
  const cut = s.slice(s.length - max);
  const nl = cut.indexOf("\n");
  return nl >= 0 && nl < 200 ? cut.slice(nl + 1) : cut;
}

/** Remove anything secret a repository carries from text restic printed (URL credentials, passwords,
 * provider secrets), so stderr can go into messages and logs. */
export function redactSecrets(text: string, repos: (Repo | undefined)[]): string {
  let out = text.replace(/(\/\/[^/@:\s]+):[^/@\s]*@/g, "$1:***@");
  for (const r of repos) {
    if (!r) continue;
    const secrets = [
      r.password,
      ...Object.entries(r.env ?? {})
        .filter(([k]) => /SECRET|PASSWORD|TOKEN|PASS\b/i.test(k))
        .map(([, v]) => v),
    ];
    for (const sec of secrets) if (sec && sec.length >= 4) out = out.split(sec).join("***");
  }
  return out;
}

/** The repository URL as shown in messages: credentials inside a URL (rest:https://user:pass@…) masked. */
export function displayUrl(url: string): string {
  return url.replace(/(\/\/[^/@:]+):[^/@]*@/, "$1:***@");
}
