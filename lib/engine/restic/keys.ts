/* A repository's keys (restic passwords): list (`key list --json`, which marks the key the password in
 * use opened as `current`), add, remove, and whether a password opens the repository at all. Key
 * changes take the in-process repository lock exclusively. A new password reaches restic only on its
 * stdin (file descriptor 0, closed right after; restic 0.14 reads it once when stdin is not a terminal):
 * never argv, never a file on disk, never a log line (stderr is redacted with the repository's secrets
 * and restic never echoes a password). */
import { ResticError, WrongPassword } from "../errors";
import type { KeyInfo, Repo } from "../types";
import { parseKeysJson } from "./events";
import { withRepoLock } from "./repo-lock";
import { runRestic } from "./run";

/** restic's user/host labels of a key: short and plain, because they end up in argv. */
const LABEL = /^[A-Za-z0-9_.@-]{1,64}$/;

export async function listKeys(repo: Repo, opts: { signal?: AbortSignal } = {}): Promise<KeyInfo[]> {
  return withRepoLock(repo.url, "shared", () => listKeysUnlocked(repo, opts.signal), opts.signal);
}

/** The id of the key `repo.password` opens. */
export async function currentKeyId(repo: Repo, opts: { signal?: AbortSignal } = {}): Promise<string> {
  const current = (await listKeys(repo, opts)).find((k) => k.current);
  if (!current) throw new ResticError("restic listed no current key for this password.");
  return current.id;
}

/** true when `repo.password` opens the repository, false on restic's "wrong password"; any other
 * failure (unreachable, no repository) is thrown. Reads only the config: no lock, nothing written. */
export async function passwordOpens(repo: Repo, opts: { signal?: AbortSignal } = {}): Promise<boolean> {
  try {
    await runRestic(repo, ["cat", "config", "--no-lock"], {
      what: "open the repository",
      retryLock: false,
      signal: opts.signal,
      onStdoutLine: () => {},
    });
    return true;
  } catch (e) {
    if (e instanceof WrongPassword) return false;
    throw e;
  }
}

export type AddKeyOptions = { newPassword: string; user?: string; host?: string; signal?: AbortSignal };

/** Add a key (another password for the same master key). Returns the new key's id. */
export async function addKey(repo: Repo, opts: AddKeyOptions): Promise<{ id: string }> {
  if (!opts.newPassword) throw new Error("The new password is empty");
  if (/[\r\n]/.test(opts.newPassword)) throw new Error("The new password may not contain line breaks");
  const args = ["key", "add"];
  for (const [flag, v] of [
    ["--user", opts.user],
    ["--host", opts.host],
  ] as const) {
    if (v === undefined) continue;
    if (!LABEL.test(v)) throw new Error(`${flag} "${v}" must be 1-64 letters, digits or _.@-`);
    args.push(flag, v);
  }
  return withRepoLock(
    repo.url,
    "exclusive",
    async () => {
      const before = new Set((await listKeysUnlocked(repo, opts.signal)).map((k) => k.id));
      await runRestic(repo, args, {
        what: "add a key",
        stdinText: `${opts.newPassword}\n`,
        signal: opts.signal,
        retryLock: false,
      });
      const added = (await listKeysUnlocked(repo, opts.signal)).filter((k) => !before.has(k.id));
      if (added.length !== 1)
        throw new ResticError("restic reported the key as added, but the new key could not be found in the list.");
      return { id: added[0].id };
    },
    opts.signal,
  );
}

/** Remove a key by id (or a unique prefix). Never the key `repo.password` opens: restic itself refuses
 * that, and so does this, with a message saying what to do instead. */
export async function removeKey(repo: Repo, keyId: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  if (!/^[0-9a-f]{4,64}$/.test(keyId)) throw new Error(`"${keyId}" is not a key id`);
  return withRepoLock(
    repo.url,
    "exclusive",
    async () => {
      const keys = await listKeysUnlocked(repo, opts.signal);
      const match = keys.filter((k) => k.id.startsWith(keyId) || keyId.startsWith(k.id));
      if (match.length !== 1) throw new KeyNotFound(`Key ${keyId} was not found in the repository.`);
      if (match[0].current)
        throw new ResticError(
          "This is the key Lifeboat uses to open the repository; add and switch to another key before removing it.",
        );
      await runRestic(repo, ["key", "remove", match[0].id], { what: "remove a key", signal: opts.signal });
    },
    opts.signal,
  );
}

export class KeyNotFound extends ResticError {}

async function listKeysUnlocked(repo: Repo, signal?: AbortSignal): Promise<KeyInfo[]> {
  let out = "";
  await runRestic(repo, ["key", "list", "--json"], {
    what: "list the repository keys",
    signal,
    onStdoutLine: (l) => {
      out += `${l}\n`;
    },
  });
  return parseKeysJson(out);
}
