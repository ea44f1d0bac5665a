/* Real loopback servers for notification tests: an HTTP receiver that records every request (method,
 * path, headers, body) and can be told to fail a path, and an SMTP server (smtp-server) with optional
 * AUTH and STARTTLS whose messages are parsed with mailparser. Test-only. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

export type HttpReceiver = {
  url: string;
  port: number;
  requests: Received[];
  /** Paths that answer 500 until cleared. */
  failing: Set<string>;
  waitFor(pred: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
};

async function waitUntil<T>(get: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: Received[] = [];
  const failing = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({
        method: req.method ?? "",
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (failing.has(path)) {
        res.writeHead(500, { "content-type": "text/plain" }).end("receiver told to fail");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    failing,
    waitFor: (pred, timeoutMs = 15_000) => waitUntil(() => requests.find(pred), timeoutMs, "an HTTP request"),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type SmtpReceiver = {
  port: number;
  messages: ParsedMail[];
  logins: string[];
  waitFor(pred: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
};

/** `auth`: require this user/password (AUTH PLAIN/LOGIN, offered only after STARTTLS unless allowInsecureAuth). */
export async function startSmtpServer(
  opts: { auth?: { user: string; pass: string }; starttls?: boolean } = {},
): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: !opts.auth,
    hideSTARTTLS: !opts.starttls,
    allowInsecureAuth: !opts.starttls,
    disabledCommands: opts.auth ? [] : ["AUTH"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        logins.push(auth.username ?? "");
        cb(null, { user: auth.username });
      } else cb(new Error("Invalid username or password"));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    logins,
    waitFor: (pred, timeoutMs = 15_000) => waitUntil(() => messages.find(pred), timeoutMs, "an e-mail"),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
