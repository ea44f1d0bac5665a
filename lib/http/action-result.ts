/* The result shape of every server action: never throws to the browser, always says what failed.
 * `fields` maps form field paths ("config.host") to a message shown next to that field. */
export type ActionError = { code: string; message: string; fields?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
