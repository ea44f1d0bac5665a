/* The process logger (pino, JSON lines to stdout). Secrets never go into a log line: log ids and names,
 * not configs. As a second line of defence every line passes lib/log-redaction (failed-SQL parameters,
 * secret-shaped values, secret-named fields) before it is written, after pino's own path redaction. */
import pino from "pino";
import { env } from "@/lib/env";
import { redactLogLine } from "@/lib/log-redaction";

let instance: pino.Logger | undefined;

export function logger(): pino.Logger {
  instance ??= pino({
    level: env().LOG_LEVEL,
    redact: {
      paths: [
        "password",
        "*.password",
        "secrets",
        "*.secrets",
        "token",
        "*.token",
        "env.RESTIC_PASSWORD",
        "env.AWS_SECRET_ACCESS_KEY",
        "env.PGPASSWORD",
        "env.MYSQL_PWD",
      ],
      censor: "[redacted]",
    },
    hooks: { streamWrite: redactLogLine },
  });
  return instance;
}
