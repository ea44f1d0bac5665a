/* The CLI's argument parsing: commands found by their words, options strict, global flags anywhere,
 * every usage mistake a CliError with exit code 2 and a message that says what to do. */
import { describe, expect, it } from "vitest";
import { type CommandSpec, parseCommandLine, parseEnvRef, parseSeconds, usageLine } from "./args";
import { CliError, EXIT } from "./errors";
import { COMMANDS } from "./main";

const commands: CommandSpec[] = COMMANDS;

function usage(argv: string[]): CliError {
  try {
    parseCommandLine(argv, commands);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return e as CliError;
  }
  throw new Error(`parsed without a usage error: ${argv.join(" ")}`);
}

describe("parseCommandLine", () => {
  it("finds two-word commands and their options", () => {
    const p = parseCommandLine(["backup", "create", "--env", "shop/production", "--live", "--wait"], commands);
    expect(p.kind).toBe("command");
    if (p.kind !== "command") return;
    expect(p.command.path).toEqual(["backup", "create"]);
    expect(p.values).toMatchObject({ env: "shop/production", live: true, wait: true });
    expect(p.json).toBe(false);
  });

  it("takes --json before the command or among its options, and --env=value", () => {
    for (const argv of [
      ["--json", "backup", "list", "--env", "shop/prod"],
      ["backup", "list", "--env=shop/prod", "--json"],
    ]) {
      const p = parseCommandLine(argv, commands);
      expect(p.kind === "command" && p.json && p.values.env === "shop/prod").toBe(true);
    }
  });

  it("reads positionals and repeatable options", () => {
    const p = parseCommandLine(
      [
        "restore",
        "b-1",
        "--scope",
        "paths",
        "--path",
        "uploads:/a",
        "--path",
        "uploads:/b",
        "--target",
        "shop/staging",
      ],
      commands,
    );
    expect(p.kind === "command" && p.args).toEqual(["b-1"]);
    expect(p.kind === "command" && p.values.path).toEqual(["uploads:/a", "uploads:/b"]);
  });

  it("keeps a --json-body value that looks like JSON (not a flag)", () => {
    const p = parseCommandLine(["settings", "set", "--env", "a/b", "--json-body", '{"live":true}'], commands);
    expect(p.kind === "command" && p.values["json-body"]).toBe('{"live":true}');
    expect(p.kind === "command" && p.json).toBe(false);
  });

  it("answers help and version", () => {
    expect(parseCommandLine(["--help"], commands)).toEqual({ kind: "help", topic: [] });
    expect(parseCommandLine(["help", "backup"], commands)).toEqual({ kind: "help", topic: ["backup"] });
    expect(parseCommandLine(["backup", "create", "--help"], commands)).toEqual({
      kind: "help",
      topic: ["backup", "create"],
    });
    expect(parseCommandLine(["backup", "-h"], commands)).toEqual({ kind: "help", topic: ["backup"] });
    expect(parseCommandLine(["--version"], commands)).toEqual({ kind: "version" });
  });

  it("refuses usage mistakes with exit code 2 and a useful message", () => {
    expect(usage([]).message).toMatch(/Name a command/);
    expect(usage(["frobnicate"]).message).toMatch(/Unknown command "frobnicate"/);
    expect(usage(["backup"]).message).toMatch(/backup create, backup list, backup show/);
    expect(usage(["backup", "destroy"]).message).toMatch(/Unknown command "backup destroy"/);
    expect(usage(["backup", "create"]).message).toMatch(/--env is required/);
    expect(usage(["backup", "create", "--env", "a/b", "--bogus"]).message).toMatch(/Unknown option '--bogus'/);
    expect(usage(["backup", "create", "--env"]).message).toMatch(/--env/);
    expect(usage(["backup", "create", "--env", "a/b", "--live=yes"]).message).toMatch(/--live/);
    expect(usage(["backup", "show"]).message).toMatch(/Missing backupId/);
    expect(usage(["backup", "show", "a", "b"]).message).toMatch(/Unexpected argument "b"/);
    expect(usage(["--bogus", "backup", "list"]).message).toMatch(/Unknown option --bogus/);
  });
});

describe("helpers", () => {
  it("parses project/env references", () => {
    expect(parseEnvRef("shop/production")).toEqual({ project: "shop", environment: "production" });
    for (const bad of ["shop", "shop/", "/prod", "a/b/c", "a b/c"])
      expect(() => parseEnvRef(bad)).toThrow(/project-slug>\/<environment-slug/);
  });

  it("parses --timeout", () => {
    expect(parseSeconds(undefined, "--timeout")).toBeUndefined();
    expect(parseSeconds("90", "--timeout")).toBe(90);
    for (const bad of ["0", "-1", "1.5", "soon"]) expect(() => parseSeconds(bad, "--timeout")).toThrow(CliError);
  });

  it("writes usage lines with required and optional options", () => {
    const c = commands.find((x) => x.path.join(" ") === "backup create")!;
    expect(usageLine(c)).toBe(
      "backup create --env <project/env> [--live] [--consistent] [--wait] [--timeout <seconds>]",
    );
  });
});
