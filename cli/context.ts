/* What a command gets to run with: its parsed options and arguments, the output, and the API client
 * (made on first use, so `login` and usage errors need no configuration). */
import { createApiClient, type ApiClient } from "./api-client";
import type { CommandSpec, ParsedValues } from "./args";
import { resolveConfig } from "./config";
import type { ExitCode } from "./errors";
import type { Output } from "./output";

export type Ctx = {
  values: ParsedValues;
  args: string[];
  out: Output;
  api(): ApiClient;
};

export type Command = CommandSpec & { run(ctx: Ctx): Promise<ExitCode> };

export function createContext(values: ParsedValues, args: string[], out: Output): Ctx {
  let client: ApiClient | undefined;
  return {
    values,
    args,
    out,
    api() {
      if (!client) {
        const c = resolveConfig();
        client = createApiClient(c.url, c.token);
      }
      return client;
    },
  };
}
