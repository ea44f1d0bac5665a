/* The pure rules of the unsaved-changes guard (use-unsaved-changes-guard.ts): whether a form's values
 * differ from what was saved, and whether a click on a link leaves the page (and so must ask first).
 * No DOM access here, so both are unit-tested. */

/** Deep equality of JSON-like values (plain objects, arrays, primitives); key order does not matter. */
export function sameValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValues(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // An absent key and an undefined one are the same value (JSON drops both).
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!sameValues(ra[k], rb[k])) return false;
  return true;
}

export type LinkClick = {
  /** The link's resolved href (anchor.href), its target and whether it downloads. */
  href: string;
  target: string;
  download: boolean;
  /** The click: a modified or non-primary click opens elsewhere and leaves the form alone. */
  button: number;
  modified: boolean;
};

/** True when following this click navigates the current tab to another page of the panel. Other
 * origins are left to beforeunload; a link to the same page (or only its #hash) leaves nothing. */
export function clickLeavesPage(click: LinkClick, current: string): boolean {
  if (click.button !== 0 || click.modified || click.download) return false;
  if (click.target && click.target !== "_self") return false;
  let to: URL;
  let here: URL;
  try {
    to = new URL(click.href, current);
    here = new URL(current);
  } catch {
    return false;
  }
  if (to.origin !== here.origin) return false;
  return to.pathname !== here.pathname || to.search !== here.search;
}
