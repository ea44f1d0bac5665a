/* The one hook on Node's HTTP server, installed once from instrumentation.ts before the first request
 * (patches http.Server's emit for "request" only). Next.js gives route handlers no socket and fails on
 * some methods before any of our code runs, so two things happen here:
 *  - TRACE is answered 405 at once (Next's fetch Request cannot represent it: it was a 500);
 *  - every other request is stamped with its TCP peer address (PEER_HEADER, with this process's random
 *    token, lib/auth/client-address.ts), replacing whatever a client sent under that name. */
import "server-only";
import http from "node:http";
import { PEER_HEADER, peerHeaderValue } from "@/lib/auth/client-address";

const INSTALLED = Symbol.for("lifeboat.server-request-hook");
const REFUSED_METHODS = new Set(["TRACE"]); // (TRACK and other unknown methods: 400 from Node's parser)

export function installServerRequestHook(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const res = args[1] as http.ServerResponse;
      if (REFUSED_METHODS.has(req.method ?? "")) {
        res.writeHead(405, { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "Content-Length": "0" });
        res.end();
        return true;
      }
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_HEADER] = peerHeaderValue(address);
      else delete req.headers[PEER_HEADER];
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
