/* verifyDestination: can Lifeboat use this destination, and if not, exactly why — in words that name the
 * host, bucket or folder and say what to do. Steps: (1) DNS + TCP reachability of the server (clear
 * dns/unreachable answers in seconds instead of restic's retries); (2) `restic cat config` (needs the
 * password, so it proves reachability, TLS, credentials, bucket and password in one call);
 * (3) when there is no `config`: empty → initialise (repository v2) if asked, else report "ready to
 * initialise"; files but no repository → not_a_repository. Never throws for a destination problem; throws
 * only DestinationConfigInvalid for a malformed spec. Secrets never appear in messages. */
import fs from "node:fs";
import { classifyResticStderr, type DestinationProblem } from "./classify";
import { type DestinationSpec, describeDestination } from "./config";
import { checkReachable, localHasEntries, runResticProbe, sftpDiagnose, sftpHasEntries } from "./probe";
import { planRepo, repoForDestination, s3Endpoint } from "./repo-for-destination";
import { s3AccessOf, s3HasObjects } from "./s3-list";
import type { Repo } from "../types";

export type VerifyResult =
  | {
      ok: true;
      /** a restic repository is at the destination now (it was there, or this call created it) */
      initialized: boolean;
      /** this call created the repository */
      created: boolean;
    }
  | { ok: false; problem: DestinationProblem; message: string };

type Where = { host?: string; port?: number; label: string };

function whereOf(spec: DestinationSpec): Where {
  const c = spec.config as Record<string, unknown>;
  const label = describeDestination(spec);
  if (spec.type === "s3") {
    const { scheme, host } = s3Endpoint(String(c.endpoint));
    const m = host.match(/^(.*?)(?::(\d+))?$/)!;
    return { host: m[1], port: m[2] ? Number(m[2]) : scheme === "https" ? 443 : 80, label };
  }
  if (spec.type === "sftp") return { host: String(c.host), port: Number(c.port ?? 22), label };
  if (spec.type === "rest") {
    const u = new URL(String(c.url));
    return { host: u.hostname, port: Number(u.port || (u.protocol === "https:" ? 443 : 80)), label };
  }
  return { label };
}

/** The user-facing sentence for each problem. `detail` is restic's/ssh's own short reason. */
export function problemMessage(
  spec: DestinationSpec,
  problem: DestinationProblem,
  detail: string,
  tlsKind?: string,
  region?: string,
): string {
  const w = whereOf(spec);
  const c = spec.config as Record<string, string>;
  const server = w.host ? `${w.host}${w.port ? `:${w.port}` : ""}` : w.label;
  switch (problem) {
    case "dns":
      return `The host name "${w.host}" of ${w.label} could not be found (${detail}). Check the spelling of the ${spec.type === "s3" ? "endpoint" : "host"} and this machine's DNS settings.`;
    case "unreachable":
      return `Could not connect to ${server} for ${w.label} (${detail}). Check that the server is running and that this machine may reach that address and port (firewall, VPN).`;
    case "tls":
      if (tlsKind === "host_key")
        return `The SSH host key of ${server} does not match the known host key for ${w.label}. If the server was reinstalled, update the known_hosts entry; otherwise do not connect — someone may be intercepting the connection.`;
      if (tlsKind === "plain_http")
        return `${server} answered in plain HTTP, not HTTPS (${w.label}). Use an http:// address, or enable TLS on the server.`;
      return `The TLS certificate of ${server} is not trusted (${detail}). If the server uses a self-signed or private CA certificate, paste that CA certificate into the destination's "CA certificate" field.`;
    case "auth":
      if (spec.type === "s3" && region !== undefined)
        return `The bucket "${c.bucket}" is in another region than the one configured${region ? ` (it is in ${region})` : ""}. Set the destination's region${region ? ` to ${region}` : ""} and the matching endpoint.`;
      if (spec.type === "s3")
        return `${server} refused the access key for bucket "${c.bucket}" (${detail}). Check the access key ID and secret key, and that this key may read and write the bucket.`;
      if (spec.type === "sftp")
        return `${c.user}@${w.host} refused the SSH key (${detail}). Add the destination's public key to ~${c.user}/.ssh/authorized_keys on ${w.host}, or check the user name.`;
      if (spec.type === "rest")
        return `The REST server ${c.url} refused the user name or password (${detail}). Check them.`;
      return `Lifeboat may not use the folder ${c.path} (${detail}). Give the user Lifeboat runs as read and write access to it.`;
    case "bucket_missing":
      return `The bucket "${c.bucket}" does not exist at ${server}. Create it in your storage provider's console (or check the bucket name and region).`;
    case "not_a_repository":
      return `${cap(w.label)} already holds files, but no restic repository. Choose an empty ${spec.type === "s3" ? "bucket or prefix" : "folder"}, or the exact location of an existing repository.`;
    case "wrong_password":
      return `${cap(w.label)} holds a restic repository, but the repository password does not open it. Enter the password this repository was created with.`;
  }
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The environment for ssh/sftp run directly (the same minimal one restic gets). */
const toolEnv = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" });

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Does the (config-less) location contain anything? undefined = could not tell. */
async function hasEntries(spec: DestinationSpec, dataDir: string): Promise<boolean | undefined> {
  const plan = planRepo(spec, { dataDir });
  if (spec.type === "local") return localHasEntries(plan.repo.url);
  if (spec.type === "sftp" && plan.ssh) {
    return sftpHasEntries({
      sshOptions: plan.ssh.options,
      port: plan.ssh.port,
      target: plan.ssh.target,
      path: plan.ssh.path,
      env: toolEnv(),
    });
  }
  if (spec.type === "s3") return s3HasObjects(s3AccessOf(spec));
  return undefined; // a REST server only exposes restic's own layout
}

export async function verifyDestination(
  spec: DestinationSpec,
  opts: { dataDir: string; init?: boolean; timeoutMs?: number },
): Promise<VerifyResult> {
  const repo: Repo = repoForDestination(spec, { dataDir: opts.dataDir });
  const fail = (problem: DestinationProblem, detail: string, tlsKind?: string, region?: string): VerifyResult => ({
    ok: false,
    problem,
    message: problemMessage(spec, problem, detail, tlsKind, region),
  });
  const failWith = (o: ReturnType<typeof classifyResticStderr>): VerifyResult => {
    if (o.kind === "no_config" || o.kind === "unknown")
      return fail("unreachable", o.detail || "restic could not open the location");
    return fail(o.kind, o.detail, o.tlsKind, o.region);
  };

  if (repo.caCertPath && readIfExists(repo.caCertPath) === undefined) {
    return fail("tls", `the CA certificate file ${repo.caCertPath} cannot be read`);
  }
  const w = whereOf(spec);
  if (w.host && w.port) {
    const r = await checkReachable(w.host, w.port);
    if (!r.ok) return fail(r.problem, r.detail);
  }
  // Fewer retries than a backup would use: a probe should answer, not persevere.
  const probeRepo: Repo = spec.type === "s3" ? { ...repo, options: [...(repo.options ?? []), "s3.retries=2"] } : repo;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const cat = await runResticProbe(probeRepo, ["--no-cache", "cat", "config"], timeoutMs);
  if (cat.code === 0) return { ok: true, initialized: true, created: false };
  if (cat.timedOut) return fail("unreachable", `no answer within ${Math.round(timeoutMs / 1000)} s`);

  let outcome = classifyResticStderr(cat.stderr);
  // restic can exit before it has forwarded all of ssh's stderr (seen under load: only "unable to start
  // the sftp session" arrives), so an SFTP failure that looks like the network is asked of ssh directly.
  if (spec.type === "sftp" && (outcome.kind === "unreachable" || outcome.kind === "unknown")) {
    const plan = planRepo(spec, { dataDir: opts.dataDir });
    const why = plan.ssh
      ? await sftpDiagnose({
          sshOptions: plan.ssh.options,
          port: plan.ssh.port,
          target: plan.ssh.target,
          env: toolEnv(),
        })
      : "";
    const diagnosed = classifyResticStderr(why);
    if (diagnosed.kind !== "unknown" && diagnosed.kind !== "no_config") outcome = diagnosed;
  }
  if (outcome.kind !== "no_config") return failWith(outcome);

  // No repository here yet. Anything else already there?
  if (await hasEntries(spec, opts.dataDir)) return fail("not_a_repository", "no restic config file");
  if (!opts.init) return { ok: true, initialized: false, created: false };

  const init = await runResticProbe(probeRepo, ["init", "--repository-version", "2"], timeoutMs);
  if (init.code === 0) return { ok: true, initialized: true, created: true };
  if (init.timedOut) return fail("unreachable", `no answer within ${Math.round(timeoutMs / 1000)} s`);
  return failWith(classifyResticStderr(init.stderr));
}
