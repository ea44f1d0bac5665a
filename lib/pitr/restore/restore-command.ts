/* The `restore_command` of the throwaway cluster: a small sh script in the scratch folder. A WAL name of
 * the chain is waited for until its file is in `wal/` (WAL is still being fetched from restic while
 * PostgreSQL replays) and then copied; any other name (the next timeline's history, the segment after the
 * chain) fails at once, which is how PostgreSQL learns the WAL has ended. A failed fetch fails the wait. */
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { FETCH_FAILED } from "./fetch-recovery-files";

const SCRIPT = `#!/bin/sh
d="$(dirname "$0")"
grep -qxF "$1" "$d/expected" || exit 1
n=0
while [ ! -f "$d/wal/$1" ]; do
  [ -f "$d/${FETCH_FAILED}" ] && exit 1
  n=$((n+1)); [ "$n" -gt 36000 ] && exit 1
  sleep 0.1
done
exec cp "$d/wal/$1" "$2"
`;

/** Writes the script and the list of expected names; returns the restore_command. */
export async function writeRestoreCommand(scratch: string, expected: string[]): Promise<string> {
  const script = path.join(scratch, "restore-wal.sh");
  await writeFile(path.join(scratch, "expected"), `${expected.join("\n")}\n`);
  await writeFile(script, SCRIPT);
  await chmod(script, 0o755);
  return `"${script}" "%f" "%p"`;
}
