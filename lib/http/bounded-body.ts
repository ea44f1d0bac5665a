/* Reads a request body with a size limit (1 MiB): a Content-Length above it is refused before a byte is
 * read, and a body without one (chunked) is read chunk by chunk and abandoned as soon as it passes the
 * limit, so an unauthenticated client cannot make the server buffer hundreds of megabytes. 413. */
import "server-only";
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is too large (${Math.round(limit / 1024)} KiB at most).`);
}

/** The body's bytes, or a 413 AppError once it is longer than `limit`. */
export async function readBodyBytes(req: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge(limit);
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, bounded like readBodyBytes. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}
