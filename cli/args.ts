/* Command-line parsing: finds the command (one or two words, e.g. `backup create`) in argv, then parses
 * its options with node:util parseArgs (strict: an unknown option is a usage error). Global flags
 * (--json, --help) may stand anywhere. Pure: no I/O, so the unit tests run it directly. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "./errors";

export type OptionSpec = {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in help: `--env <project/env>`. */
  value?: string;
  description: string;
};

export type CommandSpec = {
  /** The words that name it: ["backup", "create"]. */
  path: string[];
  summary: string;
  /** Positional arguments, shown in help (`<backupId>`); all required. */
  args?: string[];
  options?: Record<string, OptionSpec>;
  /** Options that must be given. */
  required?: string[];
};

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export type Parsed =
  | { kind: "help"; topic: string[] }
  | { kind: "version" }
  | { kind: "command"; command: CommandSpec; values: ParsedValues; args: string[]; json: boolean };

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "Print only JSON on stdout (no tables, no progress)." },
  help: { type: "boolean", short: "h", description: "Show help." },
};

const isGlobalFlag = (t: string) => t === "--json" || t === "--help" || t === "-h" || t === "--version";

/** The command named by the leading words of argv (after any global flags), longest match first. */
function findCommand(words: string[], commands: CommandSpec[]): CommandSpec | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((w, i) => words[i] === w));
}

export function parseCommandLine(argv: string[], commands: CommandSpec[]): Parsed {
  let i = 0;
  const leading: string[] = [];
  while (i < argv.length && isGlobalFlag(argv[i]!)) leading.push(argv[i++]!);
  const rest = argv.slice(i);
  if (!rest.length) {
    if (leading.includes("--version")) return { kind: "version" };
    if (leading.includes("--help") || leading.includes("-h")) return { kind: "help", topic: [] };
    throw usageError("Name a command. Run `lifeboat --help` for the list.");
  }
  if (rest[0] === "help") return { kind: "help", topic: rest.slice(1) };
  if (rest[0]!.startsWith("-")) throw usageError(`Unknown option ${rest[0]} before the command.`);

  const command = findCommand(rest, commands);
  if (!command) {
    const group = commands.filter((c) => c.path.length > 1 && c.path[0] === rest[0]);
    if (group.length) {
      if (rest.slice(1).some((t) => t === "--help" || t === "-h")) return { kind: "help", topic: [rest[0]!] };
      const sub = rest[1] && !rest[1].startsWith("-") ? `Unknown command "${rest[0]} ${rest[1]}". ` : "";
      throw usageError(`${sub}Use one of: ${group.map((c) => c.path.join(" ")).join(", ")}.`);
    }
    throw usageError(`Unknown command "${rest[0]}". Run \`lifeboat --help\` for the list.`);
  }

  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, o] of Object.entries({ ...GLOBAL_OPTIONS, ...command.options }))
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest.slice(command.path.length), options, allowPositionals: true, strict: true }) as {
      values: ParsedValues;
      positionals: string[];
    };
  } catch (e) {
    throw usageError(
      `${(e as Error).message.replace(/\. To specify a positional.*$/s, ".")} (lifeboat ${command.path.join(" ")} --help)`,
    );
  }
  const json = leading.includes("--json") || parsed.values.json === true;
  if (leading.includes("--help") || leading.includes("-h") || parsed.values.help)
    return { kind: "help", topic: command.path };

  const want = command.args ?? [];
  if (parsed.positionals.length !== want.length) {
    const extra = parsed.positionals.slice(want.length);
    throw usageError(
      parsed.positionals.length < want.length
        ? `Missing ${want.slice(parsed.positionals.length).join(" ")}. Usage: lifeboat ${usageLine(command)}`
        : `Unexpected argument ${JSON.stringify(extra[0])}. Usage: lifeboat ${usageLine(command)}`,
    );
  }
  for (const name of command.required ?? []) {
    const v = parsed.values[name];
    if (v === undefined || v === "") throw usageError(`--${name} is required. Usage: lifeboat ${usageLine(command)}`);
  }
  return { kind: "command", command, values: parsed.values, args: parsed.positionals, json };
}

/** `backup create --env <project/env> [--live] [--wait]`. */
export function usageLine(c: CommandSpec): string {
  const opts = Object.entries(c.options ?? {}).map(([name, o]) => {
    const flag = `--${name}${o.type === "string" ? ` <${o.value ?? name}>` : ""}`;
    return c.required?.includes(name) ? flag : `[${flag}]`;
  });
  return [...c.path, ...(c.args ?? []).map((a) => `<${a}>`), ...opts].join(" ");
}

/** A string option's value (undefined when absent). */
export function str(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** A repeatable string option's values. */
export function list(values: ParsedValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** `shop/production` → {project: "shop", environment: "production"}; anything else is a usage error. */
export function parseEnvRef(ref: string, option = "--env"): { project: string; environment: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref.trim());
  if (!m) throw usageError(`${option} takes <project-slug>/<environment-slug>, e.g. shop/production (got "${ref}").`);
  return { project: m[1]!, environment: m[2]! };
}

/** A positive whole number of seconds (for --timeout), or a usage error. */
export function parseSeconds(v: string | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw usageError(`${option} takes a whole number of seconds above 0 (got "${v}").`);
  return n;
}
