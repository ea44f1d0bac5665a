/* The process logger (pino, JSON lines to stdout). Secrets never go into a log line: log ids and names,
 * not configs; lib/secrets redaction paths are listed here as a second line of defence. */
import pino from "pino";
import { env } from "@/lib/env";

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
      ],
      censor: "[redacted]",
    },
  });
  return instance;
}
