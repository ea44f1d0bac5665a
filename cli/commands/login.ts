/* `lifeboat login`: e-mail and password → a bearer token (POST /api/v1/auth/token), saved with the URL in
 * the config file (mode 0600). The password is asked without echo, or read from stdin. */
import os from "node:os";
import { createApiClient } from "../api-client";
import { str } from "../args";
import { normalizeUrl, writeConfigFile } from "../config";
import { EXIT } from "../errors";
import { ask, password } from "../prompt";
import { ZToken } from "../schemas";
import type { Command } from "../context";

export const loginCommands: Command[] = [
  {
    path: ["login"],
    summary: "Sign in and save a token for the next commands",
    options: {
      url: {
        type: "string",
        value: "url",
        description: "The Lifeboat server, e.g. https://lifeboat.example.com (asked if left out).",
      },
      email: { type: "string", value: "e-mail", description: "Your e-mail (asked if left out)." },
      "password-stdin": {
        type: "boolean",
        description: "Read the password from stdin instead of asking (or set LIFEBOAT_PASSWORD).",
      },
      name: {
        type: "string",
        value: "name",
        description: 'The token\'s name in the panel (default "lifeboat CLI on <host>").',
      },
      "read-only": { type: "boolean", description: "Ask for a read-only token." },
    },
    async run({ values, out }) {
      const url = normalizeUrl(str(values, "url") ?? process.env.LIFEBOAT_URL ?? (await ask("Lifeboat URL: ")));
      const email = str(values, "email") ?? (await ask("E-mail: "));
      const pw = await password(values["password-stdin"] === true);
      const api = createApiClient(url, null);
      const token = await api.send(
        "POST",
        "/auth/token",
        {
          email,
          password: pw,
          name: str(values, "name") ?? `lifeboat CLI on ${os.hostname()}`,
          ...(values["read-only"] ? { readOnly: true } : {}),
        },
        ZToken,
      );
      const file = writeConfigFile({ url, token: token.token });
      out.result(
        { url, email, tokenId: token.id, configFile: file },
        () => `Logged in to ${url} as ${email} (token saved in ${file}).`,
      );
      return EXIT.ok;
    },
  },
];
