/* Stamps every incoming HTTP request with its TCP peer address (PEER_HEADER, with this process's random
 * token), replacing whatever a client sent under that name. Installed once from instrumentation.ts in
 * the Node.js runtime, before the first request: Next.js gives route handlers no socket, and its own
 * X-Forwarded-For keeps a client-sent value. Patches http.Server's emit for "request" only. */
import "server-only";
import http from "node:http";
import { PEER_HEADER, peerHeaderValue } from "@/lib/auth/client-address";

const INSTALLED = Symbol.for("lifeboat.peer-address-hook");

export function installPeerAddressHook(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_HEADER] = peerHeaderValue(address);
      else delete req.headers[PEER_HEADER];
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
