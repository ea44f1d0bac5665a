/* Unit tests for the stall watchdog's rules, on a fake clock: retries without progress trip it, progress
 * or other output resets it, a short blip that recovers never trips it, heartbeat silence does. */
import { describe, expect, it } from "vitest";
import { createStallWatchdog, isRetryLine, retryCause } from "./stall-watchdog";

const RETRY =
  'Save(<data/f4c107575e>) returned error, retrying after 552.330144ms: client.PutObject: Put "https://127.0.0.1:35965/bkt/data/f4": dial tcp 127.0.0.1:35965: connect: connection refused';
const status = (bytes: number, secs: number) =>
  JSON.stringify({
    message_type: "status",
    seconds_elapsed: secs,
    percent_done: 0.5,
    total_files: 4,
    files_done: 2,
    total_bytes: 100,
    bytes_done: bytes,
  });

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("stall watchdog", () => {
  it("recognises restic's retry lines and extracts the cause", () => {
    expect(isRetryLine(RETRY)).toBe(true);
    expect(isRetryLine("Load(<lock/1234>, 0, 0) returned error, retrying after 1.2s: EOF")).toBe(true);
    expect(isRetryLine("scan finished in 0.2s: 4 files, 64 MiB")).toBe(false);
    expect(retryCause(RETRY)).toMatch(/^client\.PutObject: .*connection refused$/);
  });

  it("trips after stallMs of retries with no progress, even while status lines repeat unchanged", () => {
    const c = clock();
    const wd = createStallWatchdog({ stallMs: 5000, now: c.now });
    wd.stdoutLine(status(50, 1));
    // first retry at +1 s, the streak spans 5 s at +6 s
    for (let i = 0; i < 5; i++) {
      c.advance(1000);
      wd.stdoutLine(status(50, 2 + i)); // seconds change, counters do not
      wd.stderrLine(RETRY);
      expect(wd.check()).toBeUndefined();
    }
    c.advance(1000);
    wd.stderrLine(RETRY);
    const v = wd.check();
    expect(v?.reason).toBe("retrying");
    expect(v?.lastError).toMatch(/connection refused/);
  });

  it("progress resets it", () => {
    const c = clock();
    const wd = createStallWatchdog({ stallMs: 5000, now: c.now });
    for (let i = 0; i < 20; i++) {
      c.advance(1000);
      wd.stderrLine(RETRY);
      wd.stdoutLine(status(i * 10, i)); // moving bytes: the destination still accepts data
      expect(wd.check()).toBeUndefined();
    }
  });

  it("a short blip in a silent command (restore, check) does not trip it after recovery", () => {
    const c = clock();
    const wd = createStallWatchdog({ stallMs: 5000, retryGapMs: 5000, now: c.now });
    wd.stdoutLine("restoring <Snapshot 1234> to /tmp/x");
    c.advance(1000);
    wd.stderrLine(RETRY);
    c.advance(1000);
    wd.stderrLine(RETRY);
    for (let i = 0; i < 30; i++) {
      c.advance(1000);
      expect(wd.check()).toBeUndefined();
    }
  });

  it("heartbeat runs: silence after the first status line trips it, silence before it does not", () => {
    const c = clock();
    const wd = createStallWatchdog({ stallMs: 5000, heartbeat: true, now: c.now });
    c.advance(60_000); // loading a large index prints nothing
    expect(wd.check()).toBeUndefined();
    wd.stdoutLine(status(1, 1));
    c.advance(4000);
    expect(wd.check()).toBeUndefined();
    c.advance(1000);
    expect(wd.check()?.reason).toBe("silent");
    // without a heartbeat promise, silence alone is never a stall
    const quiet = createStallWatchdog({ stallMs: 5000, now: c.now });
    quiet.stdoutLine("x");
    c.advance(60_000);
    expect(quiet.check()).toBeUndefined();
  });
});
