/* The browser side of the GET /api/v1 reads that React Query polls (the panel's session cookie stands in
 * for a token; changes go through server actions). Throws an Error carrying the server's user-facing
 * message (API.md error shape), so error states show what failed. Client-only: no secrets. */

export class PanelFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function panelFetch<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: "application/json", ...(init?.headers ?? {}) },
    cache: "no-store",
  });
  if (!res.ok) {
    let message = `The server answered ${res.status}.`;
    let code = "internal";
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.message) message = body.error.message;
      if (body.error?.code) code = body.error.code;
    } catch {
      /* not JSON: keep the generic message */
    }
    throw new PanelFetchError(message, res.status, code);
  }
  if (res.status === 204) return undefined as T; // DELETE: no body
  return (await res.json()) as T;
}
