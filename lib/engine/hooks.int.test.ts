/* Hooks against real processes: output captured and bounded, a timeout kills the whole process group
 * (including a background grandchild), the post hook runs after a failing body and after a cancel,
 * a failed pre hook skips the body but not the post hook. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HookFailed, runHook, runWithHooks, type HookResult } from "./hooks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-hooks-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("runHook", () => {
  it("captures stdout and stderr and reports the exit code", async () => {
    const r = await runHook(
      { command: 'echo out; echo err >&2; echo "$LIFEBOAT_HOOK_PHASE $X"; exit 3' },
      { phase: "pre", env: { X: "ctx" } },
    );
    expect(r.ok).toBe(false);
    expect(r.exitCode).toBe(3);
    expect(r.output).toContain("out");
    expect(r.output).toContain("err");
    expect(r.output).toContain("pre ctx");
    expect(r.timedOut).toBe(false);
  });

  it("keeps the output bounded", async () => {
    const r = await runHook({ command: "head -c 200000 /dev/zero | tr '\\0' x; echo; echo THE-END" }, { phase: "pre" });
    expect(r.ok).toBe(true);
    expect(r.outputTruncated).toBe(true);
    expect(r.output.length).toBeLessThanOrEqual(16 * 1024 + 10);
    expect(r.output).toContain("THE-END");
  });

  it("kills the whole process group on timeout", async () => {
    const pidFile = path.join(dir, "bg.pid");
    const started = Date.now();
    const r = await runHook(
      { command: `sleep 300 & echo $! > ${pidFile}; trap '' TERM; while :; do sleep 1; done`, timeoutSeconds: 1 },
      { phase: "pre" },
    );
    expect(r.timedOut).toBe(true);
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
    const bg = Number(fs.readFileSync(pidFile, "utf8"));
    await waitFor(() => !alive(bg));
  });

  it("is killed by the abort signal", async () => {
    const ac = new AbortController();
    const p = runHook({ command: "sleep 300" }, { phase: "pre", signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(r.ok).toBe(false);
  });
});

describe("runWithHooks", () => {
  it("runs pre, body, post in order", async () => {
    const log = path.join(dir, "order.log");
    const seen: HookResult[] = [];
    const out = await runWithHooks(
      { pre: { command: `echo pre >> ${log}` }, post: { command: `echo post >> ${log}` } },
      { onHook: (r) => seen.push(r) },
      async () => {
        fs.appendFileSync(log, "body\n");
        return 42;
      },
    );
    expect(out.value).toBe(42);
    expect(fs.readFileSync(log, "utf8")).toBe("pre\nbody\npost\n");
    expect(seen.map((h) => h.phase)).toEqual(["pre", "post"]);
  });

  it("runs the post hook after the body failed, and rethrows with the hook results", async () => {
    const marker = path.join(dir, "post-after-failure");
    const err = await runWithHooks({ post: { command: `touch ${marker}` } }, {}, async () => {
      throw new Error("dump failed");
    }).catch((e) => e);
    expect(err.message).toBe("dump failed");
    expect(fs.existsSync(marker)).toBe(true);
    expect(err.hooks.map((h: HookResult) => h.phase)).toEqual(["post"]);
  });

  it("runs the post hook after a cancel, even though the signal is aborted", async () => {
    const marker = path.join(dir, "post-after-cancel");
    const ac = new AbortController();
    const err = await runWithHooks({ post: { command: `touch ${marker}` } }, { signal: ac.signal }, async () => {
      await new Promise((_, reject) => {
        ac.signal.addEventListener("abort", () => reject(new Error("cancelled")));
        setTimeout(() => ac.abort(), 100);
      });
    }).catch((e) => e);
    expect(err.message).toBe("cancelled");
    expect(fs.existsSync(marker)).toBe(true);
  });

  it("skips the body when the pre hook fails, still runs post, throws HookFailed", async () => {
    const marker = path.join(dir, "post-after-pre-failure");
    let bodyRan = false;
    const err = await runWithHooks(
      { pre: { command: "echo cannot pause app >&2; exit 1" }, post: { command: `touch ${marker}` } },
      {},
      async () => {
        bodyRan = true;
      },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(HookFailed);
    expect(err.message).toContain("cannot pause app");
    expect(bodyRan).toBe(false);
    expect(fs.existsSync(marker)).toBe(true);
  });

  it("reports a failing post hook without failing the result", async () => {
    const out = await runWithHooks({ post: { command: "exit 7" } }, {}, async () => "ok");
    expect(out.value).toBe("ok");
    expect(out.postFailed?.exitCode).toBe(7);
  });
});
