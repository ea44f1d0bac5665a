/* Test-only hook for the kill -9 tests: with LIFEBOAT_TEST_PAUSE_AT=<point> and LIFEBOAT_TEST_PAUSE_DIR
 * set, a rotation reaching <point> writes `<dir>/<point>.reached` and waits until `<dir>/<point>.go`
 * exists, so a test can SIGKILL the process exactly there. Without both variables it does nothing. */
import fs from "node:fs";
import path from "node:path";

export async function pauseAt(point: string, signal?: AbortSignal): Promise<void> {
  const at = process.env.LIFEBOAT_TEST_PAUSE_AT;
  const dir = process.env.LIFEBOAT_TEST_PAUSE_DIR;
  if (!at || !dir || at !== point) return;
  fs.writeFileSync(path.join(dir, `${point}.reached`), String(process.pid));
  const go = path.join(dir, `${point}.go`);
  while (!fs.existsSync(go) && !signal?.aborted) await new Promise((r) => setTimeout(r, 50));
}
