/* Where the CLI finds the server and its token: LIFEBOAT_URL / LIFEBOAT_TOKEN first, then the file
 * `lifeboat login` writes ($XDG_CONFIG_HOME or ~/.config, lifeboat/config.json, mode 0600 in a 0700
 * folder). The token is a secret: it is only ever written to that file, never printed. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { CliError, EXIT } from "./errors";

export const ZConfig = z.object({ url: z.string().url(), token: z.string().min(1) });
export type Config = z.infer<typeof ZConfig>;
/** The variables read (process.env, or a plain object in tests). */
export type Env = Record<string, string | undefined>;

export function configPath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), ".config");
  return path.join(base, "lifeboat", "config.json");
}

/** The saved file, or null when there is none (a broken file is an error that says where it is). */
export function readConfigFile(env: Env = process.env): Config | null {
  const file = configPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return ZConfig.parse(JSON.parse(text));
  } catch {
    throw new CliError(
      EXIT.auth,
      "bad_config",
      `${file} is not a valid Lifeboat configuration: run \`lifeboat login\` again.`,
    );
  }
}

export function writeConfigFile(config: Config, env: Env = process.env): string {
  const file = configPath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700); // also when the folder was there before
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // a umask never widens it, and an older file's mode is not kept
  fs.renameSync(tmp, file);
  return file;
}

/** The server URL without a trailing slash. */
export function normalizeUrl(url: string): string {
  const u = url.trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(u))
    throw new CliError(EXIT.usage, "usage", `"${url}" is not a URL (use e.g. https://lifeboat.example.com).`);
  return u;
}

/** URL and token for an API call: the environment variables win over the file, each on its own. */
export function resolveConfig(env: Env = process.env): Config {
  const file = env.LIFEBOAT_URL?.trim() && env.LIFEBOAT_TOKEN?.trim() ? null : readConfigFile(env);
  const url = env.LIFEBOAT_URL?.trim() || file?.url;
  const token = env.LIFEBOAT_TOKEN?.trim() || file?.token;
  if (!url || !token)
    throw new CliError(
      EXIT.auth,
      "not_logged_in",
      "Not logged in: run `lifeboat login`, or set LIFEBOAT_URL and LIFEBOAT_TOKEN.",
    );
  return { url: normalizeUrl(url), token };
}
