/* The recovery kit: everything needed to read a destination's backups back with the bare `restic` CLI,
 * without Lifeboat — repository string, password, provider variables, the files restic needs (custom CA,
 * SSH key, known_hosts) and the exact commands (snapshots, restore, dump | pg_restore / mariadb …).
 * Pure: it writes nothing; `files` say what to write where (`filesDir`, by default the same paths
 * Lifeboat itself uses under the data directory, so on the Lifeboat host they already exist).
 * The kit is a secret document (it opens every backup); only admins may see it (lib/destinations).
 * Commands are POSIX-shell quoted; they refer to snapshots by the tags Lifeboat writes (source:<id>). */
import { pitrKitCommands } from "@/lib/pitr/repository-layout";
import fs from "node:fs";
import path from "node:path";
import { type DestinationSpec, describeDestination } from "./destinations/config";
import { planRepo, type RepoFile } from "./destinations/repo-for-destination";
import { dumpFileName, mysqlConnection, postgresConnection } from "./sources/database-connection";
import { ZDatabaseSource, type SourceSpec } from "./sources/types";

export type RecoveryKit = {
  /** restic repository string (RESTIC_REPOSITORY) */
  repository: string;
  password: string;
  /** everything restic needs in its environment: RESTIC_REPOSITORY, RESTIC_PASSWORD, AWS_* … */
  env: Record<string, string>;
  /** global flags every restic command needs (`-o k=v`, `--cacert file`) */
  flags: string[];
  /** files that must exist before running the commands (CA, SSH key with mode 0600, known_hosts) */
  files: RepoFile[];
  /** shell commands, in the order a restore would use them */
  commands: string[];
  /** a ready-to-run shell script: writes `files`, exports `env`, lists snapshots; restore commands follow as comments */
  script: string;
};

/** POSIX single-quote a word when it needs quoting. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function restoreCommands(source: SourceSpec, restic: string): string[] {
  const sel = `latest --tag ${shq(`source:${source.id}`)}`;
  const label = `# ${source.name} (${source.type})`;
  try {
    switch (source.type) {
      case "directory":
        return [label, `${restic} restore ${sel} --target ${shq(`./restore/${source.name}`)}`];
      case "postgres": {
        const conn = postgresConnection(ZDatabaseSource.parse(source));
        const file = `/${dumpFileName(conn.database, "pgdump")}`;
        return [
          label,
          `${restic} dump ${sel} ${shq(file)} | pg_restore --clean --if-exists --no-owner --single-transaction ${conn.args.map(shq).join(" ")}`,
        ];
      }
      case "mysql": {
        const conn = mysqlConnection(ZDatabaseSource.parse(source));
        const file = `/${dumpFileName(conn.database, "sql")}`;
        return [
          label,
          `${restic} dump ${sel} ${shq(file)} | mariadb ${[...conn.args, "--binary-mode", `--database=${conn.database}`].map(shq).join(" ")}`,
        ];
      }
      case "sqlite": {
        const p = String(source.config.path);
        return [label, `${restic} dump ${sel} ${shq(`/${path.basename(p)}`)} > ${shq(`${p}.restored`)}`];
      }
      case "command": {
        const file = `/${dumpFileName(source.name, "out")}`;
        const restore = source.config.restoreCommand ? String(source.config.restoreCommand) : "cat > restored.out";
        return [label, `${restic} dump ${sel} ${shq(file)} | ${restore}`];
      }
    }
  } catch {
    // A source whose config cannot be read still gets the generic restore below.
  }
  return [label, `${restic} restore ${sel} --target ${shq(`./restore/${source.name}`)}`];
}

export function recoveryKit(
  spec: DestinationSpec,
  opts: { dataDir: string; sources?: SourceSpec[]; filesDir?: string },
): RecoveryKit {
  const plan = planRepo(spec, { dataDir: opts.dataDir, filesDir: opts.filesDir });
  const repo = plan.repo;
  // A known_hosts learned on first use lives only on the Lifeboat host: carry its current content.
  const lifeboatPlan = opts.filesDir ? planRepo(spec, { dataDir: opts.dataDir }) : plan;
  const files = plan.files.map((f, i) => {
    if (!f.keepExisting) return f;
    const learned = lifeboatPlan.files[i]?.path;
    const contents = learned && fs.existsSync(learned) ? fs.readFileSync(learned, "utf8") : f.contents;
    return { ...f, contents };
  });

  const flags: string[] = [];
  for (const o of repo.options ?? []) flags.push("-o", o);
  if (repo.caCertPath) flags.push("--cacert", repo.caCertPath);
  const env: Record<string, string> = {
    RESTIC_REPOSITORY: repo.url,
    RESTIC_PASSWORD: repo.password,
    ...(repo.env ?? {}),
  };
  // A REST URL may carry a password: keep it out of the command line (and shell history).
  const repoArg = /^rest:https?:\/\/[^/@]*:[^/@]*@/.test(repo.url) ? '"$RESTIC_REPOSITORY"' : shq(repo.url);
  const restic = ["restic", "-r", repoArg, ...flags.map(shq)].join(" ");

  const commands = [`${restic} snapshots`];
  if (opts.sources?.length) {
    for (const s of opts.sources) {
      commands.push(...restoreCommands(s, restic));
      const pitr = s.config.pitr as { enabled?: boolean } | undefined;
      if (s.type === "postgres" && pitr?.enabled) commands.push(...pitrKitCommands(s.id, restic));
    }
  } else {
    commands.push(`${restic} restore latest --target ./restore`);
  }

  const lines = [
    "#!/bin/sh",
    `# Lifeboat recovery kit for ${describeDestination(spec)}.`,
    "# Keep it secret: it opens every backup in this repository. Needs only restic (0.14 or newer).",
    "set -e",
  ];
  for (const f of files) {
    lines.push(
      `# ${f.what}`,
      `mkdir -p ${shq(path.dirname(f.path))}`,
      `cat > ${shq(f.path)} <<'LIFEBOAT_EOF'`,
      f.contents.replace(/\n$/, ""),
      "LIFEBOAT_EOF",
      `chmod ${f.mode.toString(8)} ${shq(f.path)}`,
    );
  }
  for (const [k, v] of Object.entries(env)) lines.push(`export ${k}=${shq(v)}`);
  lines.push(
    commands[0],
    "",
    "# To restore (each source's latest snapshot; use a snapshot id from the list instead of `latest` for an older one):",
  );
  for (const c of commands.slice(1)) lines.push(c.startsWith("#") ? c : `# ${c}`);

  return {
    repository: repo.url,
    password: repo.password,
    env,
    flags,
    files,
    commands,
    script: lines.join("\n") + "\n",
  };
}
