/* Small helpers shared by the destination tests: a tree of files to back up (nested folders, a name
 * with spaces and unicode, random binary and text), sha256 of every file under a folder, and running the
 * recovery kit's shell commands with nothing but the kit's environment. */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function makeTree(root: string, opts: { randomBytes?: number } = {}): void {
  fs.mkdirSync(path.join(root, "nested", "déjà vu"), { recursive: true });
  fs.writeFileSync(path.join(root, "hello.txt"), "hello lifeboat\n");
  fs.writeFileSync(path.join(root, "nested", "déjà vu", "notes with spaces.md"), "# notes\n".repeat(500));
  fs.writeFileSync(path.join(root, "nested", "random.bin"), crypto.randomBytes(opts.randomBytes ?? 300_000));
  fs.writeFileSync(path.join(root, "empty"), "");
}

/** relative path → sha256 of every regular file under `root`. */
export function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile())
        out[path.relative(root, p)] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return out;
}

/** Runs one kit command in `sh` with exactly the kit's environment (plus PATH and a scratch HOME so
 * restic's cache and ssh's config come from nowhere else). */
export function runKitCommand(
  command: string,
  env: Record<string, string>,
  opts: { cwd: string; home: string; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], {
      cwd: opts.cwd,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: opts.home, ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
