/* The server log never carries a secret (probe: a failed INSERT printed its parameters — a new user's
 * argon2 hash and a sealed repository password). Real pino writing through the same hook as lib/logger. */
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { redactLogLine, redactLogText } from "./log-redaction";

const HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g";
const SEALED = "v1:0a1b2c3d:AAECAwQFBgcICQoL:c2VjcmV0LWNpcGhlcnRleHQ:dGFnLXRhZy10YWctdGFn";
const TOKEN = "lb_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";

function capture(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ hooks: { streamWrite: redactLogLine } }, sink), lines };
}

describe("log redaction", () => {
  it("drops a failed query's parameters and every secret-shaped value", () => {
    const { log, lines } = capture();
    const failed = new Error(
      `Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: a@b.c,${HASH}`,
    );
    log.error({ err: { message: failed.message, stack: failed.stack } }, "unhandled error");
    log.info({ repo: { secretsEnc: SEALED }, url: "postgres://app:hunter2-pw@db/shop", note: `got ${TOKEN}` }, "x");
    log.warn({ headers: { authorization: `Bearer ${TOKEN}`, cookie: "next-auth.session-token=abc" } }, "req");
    log.info("dsn mysql://root:topsecret@127.0.0.1/x?password=qp-secret&sslmode=require");
    const out = lines.join("");
    for (const secret of [HASH, "hunter2-pw", TOKEN, SEALED, "topsecret", "qp-secret", "abc", "a@b.c,"])
      expect(out, secret).not.toContain(secret);
    expect(out).toContain('Failed query: insert into \\"users\\"'); // the statement itself stays useful
    expect(out).toContain("params: [redacted]");
    expect(out).toContain("postgres://app:[redacted]@db/shop");
    expect(lines.every((l) => l.endsWith("\n") && JSON.parse(l))).toBe(true);
  });

  it("redacts plain console text too", () => {
    const text = redactLogText(`⨯ Error: Failed query: select 1\nparams: ${SEALED},x\n    at foo (a.js:1)`);
    expect(text).not.toContain(SEALED);
    expect(text).toContain("at foo (a.js:1)");
    expect(redactLogText(`password=${"p4ss"}; next`)).toBe("password=[redacted]; next");
    expect(redactLogText("nothing secret here: 42 backups, 3 sources")).toBe(
      "nothing secret here: 42 backups, 3 sources",
    );
  });
});
