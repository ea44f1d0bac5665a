/* `lifeboat --help` (every command, the exit codes, where the token comes from) and
 * `lifeboat <command> --help` (its usage and options). */
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec, usageLine } from "./args";
import { configPath } from "./config";

const optionLines = (options: Record<string, OptionSpec>) =>
  Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` <${o.value ?? name}>` : ""}`;
    return `  ${flag.padEnd(30)} ${o.description}`;
  });

export function mainHelp(commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(" ").length)) + 2;
  return [
    "lifeboat — drive a Lifeboat server from the shell (REST API with a bearer token)",
    "",
    "Usage: lifeboat <command> [options] [--json]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.path.join(" ").padEnd(width)}${c.summary}`),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Environments are named <project-slug>/<environment-slug>, e.g. shop/production.",
    "",
    "Exit codes:",
    "  0  ok (with --wait: the backup or restore succeeded)",
    "  1  the operation failed (a failed or partial backup or restore, a refusal, the server unreachable)",
    "  2  usage error (unknown command or option, a bad argument, input the server refused as invalid)",
    "  3  auth (not logged in, a bad or expired token, or one without the permission)",
    "  4  not found (project, environment, backup, restore or destination)",
    "",
    "Login: `lifeboat login` saves {url, token} in",
    `  ${configPath()} (mode 0600);`,
    "  LIFEBOAT_URL and LIFEBOAT_TOKEN override it (e.g. a token made in the panel, for CI).",
    "",
    "Run `lifeboat <command> --help` for a command's options.",
  ].join("\n");
}

export function commandHelp(c: CommandSpec): string {
  return [
    `Usage: lifeboat ${usageLine(c)}`,
    "",
    c.summary,
    ...(c.options && Object.keys(c.options).length ? ["", "Options:", ...optionLines(c.options)] : []),
    ...optionLines(GLOBAL_OPTIONS),
  ].join("\n");
}

export function groupHelp(group: string, commands: CommandSpec[]): string {
  const subs = commands.filter((c) => c.path[0] === group);
  return [`Commands of lifeboat ${group}:`, ...subs.map((c) => `  lifeboat ${usageLine(c)}\n      ${c.summary}`)].join(
    "\n",
  );
}
