/* The `lifeboat` CLI's entry: parses the command line, runs the command, prints the result or the
 * error, and returns the exit code (0 ok, 1 failed, 2 usage, 3 auth, 4 not found — errors.ts). */
import fs from "node:fs";
import path from "node:path";
import { parseCommandLine } from "./args";
import { backupCommands } from "./commands/backup";
import { inventoryCommands } from "./commands/inventory";
import { kitCommands } from "./commands/kit";
import { loginCommands } from "./commands/login";
import { restoreCommands } from "./commands/restore";
import { settingsCommands } from "./commands/settings";
import { type Command, createContext } from "./context";
import { CliError, EXIT, type ExitCode } from "./errors";
import { commandHelp, groupHelp, mainHelp } from "./help";
import { createOutput } from "./output";

export const COMMANDS: Command[] = [
  ...loginCommands,
  ...inventoryCommands,
  ...backupCommands,
  ...restoreCommands,
  ...settingsCommands,
  ...kitCommands,
];

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname ?? __dirname, "..", "package.json"), "utf8"));
  return String(pkg.version);
}

export async function main(argv: string[]): Promise<ExitCode> {
  const json = argv.includes("--json");
  const out = createOutput(json);
  try {
    const parsed = parseCommandLine(argv, COMMANDS);
    if (parsed.kind === "version") {
      process.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (parsed.kind === "help") {
      const topic = parsed.topic.join(" ");
      const cmd = COMMANDS.find((c) => c.path.join(" ") === topic);
      const text = cmd
        ? commandHelp(cmd)
        : parsed.topic.length && COMMANDS.some((c) => c.path[0] === parsed.topic[0])
          ? groupHelp(parsed.topic[0]!, COMMANDS)
          : mainHelp(COMMANDS);
      process.stdout.write(`${text}\n`);
      return EXIT.ok;
    }
    const command = parsed.command as Command;
    return await command.run(createContext(parsed.values, parsed.args, createOutput(parsed.json)));
  } catch (e) {
    const err =
      e instanceof CliError
        ? e
        : new CliError(EXIT.failed, "internal", `Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    out.error(err);
    return err.exitCode;
  }
}
