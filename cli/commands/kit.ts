/* `lifeboat kit --destination <name|id>`: the destination's recovery kit (POST
 * /api/v1/destinations/{id}/recovery-kit, admin, audited) — everything the bare restic CLI needs if
 * Lifeboat is gone. It asks for your password again (or reads it from stdin / LIFEBOAT_PASSWORD). */
import { str } from "../args";
import { EXIT } from "../errors";
import { password } from "../prompt";
import { findDestination } from "../resolve";
import { ZRecoveryKit } from "../schemas";
import type { Command } from "../context";

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

export const kitCommands: Command[] = [
  {
    path: ["kit"],
    summary: "Print a destination's recovery kit (asks for your password)",
    options: {
      destination: { type: "string", value: "name|id", description: "The destination." },
      "password-stdin": { type: "boolean", description: "Read your password from stdin instead of asking." },
    },
    required: ["destination"],
    async run({ api, values, out }) {
      const dest = await findDestination(api(), str(values, "destination")!);
      const pw = await password(
        values["password-stdin"] === true,
        `Your Lifeboat password (to open the kit of ${dest.name}): `,
      );
      const kit = await api().send("POST", `/destinations/${dest.id}/recovery-kit`, { password: pw }, ZRecoveryKit);
      out.result(kit, () => [
        `# Recovery kit of ${dest.name} — keep it somewhere safe and offline.`,
        `export RESTIC_REPOSITORY=${shellQuote(kit.repository)}`,
        `export RESTIC_PASSWORD=${shellQuote(kit.password)}`,
        ...Object.entries(kit.env)
          .filter(([k]) => k !== "RESTIC_REPOSITORY" && k !== "RESTIC_PASSWORD")
          .map(([k, v]) => `export ${k}=${shellQuote(v)}`),
        "",
        ...kit.commands,
      ]);
      return EXIT.ok;
    },
  },
];
