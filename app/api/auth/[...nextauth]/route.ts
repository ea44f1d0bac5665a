/* next-auth's own endpoints (sign-in, sign-out, session, CSRF) for the panel's cookie session. A POST
 * body (a sign-in form is a few hundred bytes) is read with a 64 KiB limit before next-auth sees it. */
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { errorResponse } from "@/lib/http/api-route";
import { readBodyBytes } from "@/lib/http/bounded-body";

const handler = NextAuth(authOptions);
const MAX_AUTH_BODY_BYTES = 64 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

async function POST(req: NextRequest, ctx: Context): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(req, MAX_AUTH_BODY_BYTES);
  } catch (e) {
    return errorResponse(e);
  }
  const copy = new NextRequest(req.url, { method: "POST", headers: req.headers, body });
  return handler(copy, ctx);
}

export { handler as GET, POST };
