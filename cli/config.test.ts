/* Where the CLI's URL and token come from: the environment over the file, the file written 0600 under
 * $XDG_CONFIG_HOME or ~/.config, a broken file or none an auth error (exit 3). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configPath, normalizeUrl, readConfigFile, resolveConfig, writeConfigFile } from "./config";
import { CliError, EXIT } from "./errors";

const dirs: string[] = [];
const home = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cli-config-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("config", () => {
  it("writes {url, token} mode 0600 in ~/.config/lifeboat and reads it back", () => {
    const env = { HOME: home() };
    const file = writeConfigFile({ url: "http://127.0.0.1:3000", token: "lb_secret" }, env);
    expect(file).toBe(path.join(env.HOME, ".config", "lifeboat", "config.json"));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readConfigFile(env)).toEqual({ url: "http://127.0.0.1:3000", token: "lb_secret" });
    expect(resolveConfig(env)).toEqual({ url: "http://127.0.0.1:3000", token: "lb_secret" });
  });

  it("honours XDG_CONFIG_HOME, and the environment variables win one by one", () => {
    const env = { HOME: home(), XDG_CONFIG_HOME: home() };
    expect(configPath(env)).toBe(path.join(env.XDG_CONFIG_HOME, "lifeboat", "config.json"));
    writeConfigFile({ url: "http://file.example", token: "from-file" }, env);
    expect(resolveConfig({ ...env, LIFEBOAT_TOKEN: "from-env" })).toEqual({
      url: "http://file.example",
      token: "from-env",
    });
    expect(resolveConfig({ ...env, LIFEBOAT_URL: "https://env.example/" })).toEqual({
      url: "https://env.example",
      token: "from-file",
    });
  });

  it("is an auth error (exit 3) without a token or with a broken file", () => {
    const env = { HOME: home() };
    expect(() => resolveConfig(env)).toThrow(/Not logged in/);
    fs.mkdirSync(path.dirname(configPath(env)), { recursive: true });
    fs.writeFileSync(configPath(env), "{not json");
    try {
      resolveConfig(env);
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(EXIT.auth);
      expect((e as CliError).message).toContain(configPath(env));
    }
    expect(() => normalizeUrl("lifeboat.example")).toThrow(/not a URL/);
  });
});
