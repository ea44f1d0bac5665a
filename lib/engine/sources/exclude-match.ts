/* Whether a live path is one a directory source EXCLUDES, by restic's own rules (restic 0.14–0.17
 * `filter.Match`): a pattern is split at "/" into components, each matched like Go's filepath.Match
 * (`*`, `?`, `[a-z]`, `[^x]`, `\` escapes); a pattern that does not start with "/" may match any run of
 * consecutive components of the path (so `node_modules` matches `/srv/app/web/node_modules/x.js`), an
 * absolute one only from the root; `**` matches any number of components. A path below an excluded
 * folder is excluded too. Used by the restore (excluded paths are never deleted or replaced) and the
 * restore preview. Pure. */

type Matcher = (absPath: string) => boolean;

export function excludeMatcher(patterns: readonly string[] | undefined): Matcher {
  const compiled = (patterns ?? [])
    .map((p) => p.trim())
    .filter(Boolean)
    .map(compilePattern);
  if (!compiled.length) return () => false;
  return (absPath) => {
    const parts = splitPath(absPath);
    return compiled.some((c) => c(parts));
  };
}

function splitPath(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

function compilePattern(pattern: string): (parts: string[]) => boolean {
  const absolute = pattern.startsWith("/");
  const comps = splitPath(pattern).map((c) => (c === "**" ? ("**" as const) : componentRegex(c)));
  if (!comps.length) return () => false;
  return (parts) => {
    if (absolute) return matchPrefix(comps, parts, 0, 0);
    for (let offset = 0; offset < parts.length; offset++) if (matchPrefix(comps, parts, 0, offset)) return true;
    return false;
  };
}

/** Whether comps[ci..] matches parts[pi..] as a prefix (further parts are below a matched entry). */
function matchPrefix(comps: (RegExp | "**")[], parts: string[], ci: number, pi: number): boolean {
  if (ci === comps.length) return true;
  const c = comps[ci]!;
  if (c === "**") {
    for (let skip = pi; skip <= parts.length; skip++) if (matchPrefix(comps, parts, ci + 1, skip)) return true;
    return false;
  }
  if (pi >= parts.length) return false;
  return c.test(parts[pi]!) && matchPrefix(comps, parts, ci + 1, pi + 1);
}

/** One path component of a Go filepath.Match pattern as an anchored regular expression. */
function componentRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "\\" && i + 1 < glob.length) re += escapeRegex(glob[++i]!);
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith("^") || body.startsWith("!");
      if (negate) body = body.slice(1);
      re += `[${negate ? "^" : ""}${body.replace(/[\]\\]/g, "\\$&")}]`;
      i = end;
    } else re += escapeRegex(ch);
  }
  return new RegExp(`^${re}$`, "u");
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
