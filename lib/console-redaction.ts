/* Routes the process's console output (Next.js prints errors thrown while rendering with console.error,
 * messages that can carry a failed query's parameters) through lib/log-redaction. Installed once from
 * instrumentation.ts in the Node.js runtime. */
import { format } from "node:util";
import { redactLogText } from "@/lib/log-redaction";

const INSTALLED = Symbol.for("lifeboat.console-redaction");

export function installConsoleRedaction(): void {
  const c = console as Console & { [INSTALLED]?: boolean };
  if (c[INSTALLED]) return;
  c[INSTALLED] = true;
  for (const level of ["error", "warn", "log", "info", "debug"] as const) {
    const original = c[level].bind(console);
    c[level] = (...args: unknown[]) => original(redactLogText(format(...args)));
  }
}
