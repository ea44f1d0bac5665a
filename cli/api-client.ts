/* The one way the CLI talks to Lifeboat: JSON over the REST API (/api/v1, API.md) with the bearer token.
 * A refusal becomes a CliError carrying the API's own message and field errors, and the exit code for
 * its status; a response is checked against the zod shape the caller reads. */
import type { z } from "zod";
import { CliError, EXIT, exitCodeForStatus } from "./errors";

export type ApiClient = {
  url: string;
  get<T extends z.ZodType>(path: string, shape: T): Promise<z.output<T>>;
  send<T extends z.ZodType>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body: unknown,
    shape: T,
  ): Promise<z.output<T>>;
};

type ApiErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string> } };

async function call(url: string, token: string | null, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        accept: "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      redirect: "manual",
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      EXIT.failed,
      "unreachable",
      `Cannot reach Lifeboat at ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}.`,
    );
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as ApiErrorBody | null)?.error;
    const message =
      err?.message ??
      (res.status === 401
        ? "The token was refused (revoked, expired or mistyped): run `lifeboat login` again."
        : `${method} ${path} answered ${res.status} ${res.statusText}.`);
    throw new CliError(exitCodeForStatus(res.status), err?.code ?? `http_${res.status}`, message, err?.fields);
  }
  if (json === null && text)
    throw new CliError(
      EXIT.failed,
      "bad_response",
      `${method} ${path} did not answer with JSON: is ${url} a Lifeboat server?`,
    );
  return json;
}

function check<T extends z.ZodType>(shape: T, value: unknown, what: string): z.output<T> {
  const r = shape.safeParse(value);
  if (!r.success)
    throw new CliError(
      EXIT.failed,
      "bad_response",
      `Unexpected answer from ${what}: ${r.error.issues[0]?.path.join(".")} ${r.error.issues[0]?.message}`,
    );
  return r.data;
}

export function createApiClient(url: string, token: string | null): ApiClient {
  return {
    url,
    get: async (path, shape) => check(shape, await call(url, token, "GET", path), `GET ${path}`),
    send: async (method, path, body, shape) =>
      check(shape, await call(url, token, method, path, body), `${method} ${path}`),
  };
}
