/* The one HTTP call every web-based channel makes: POST with a timeout, and a failure turned into
 * words a user can act on ("Could not reach hooks.example.com: connection refused …", "ntfy.sh answered
 * 401 Unauthorized …"). Never puts the URL's path or query in a message: webhook URLs carry their key. */
import "server-only";

export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

const TIMEOUT_MS = 15_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the server";
  }
}

function networkWords(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused (is the server running and the port right?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "the connection timed out";
    case "ECONNRESET":
      return "the connection was reset";
    default:
      if ((e as Error)?.name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
      return cause?.message ?? (e as Error)?.message ?? "network error";
  }
}

export async function httpPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  what: string,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      body,
      headers,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "follow",
    });
  } catch (e) {
    throw new DeliveryError(`Could not reach ${hostOf(url)}: ${networkWords(e)}. Check the ${what}.`);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ").trim();
    const hint = res.status === 401 || res.status === 403 ? "Check the token or key." : `Check the ${what}.`;
    throw new DeliveryError(
      `${hostOf(url)} answered ${res.status} ${res.statusText}${text ? ` (${text})` : ""}. ${hint}`,
    );
  }
  return res;
}

export const JSON_HEADERS = { "content-type": "application/json", "user-agent": "Lifeboat" };
