/* Unit tests for the in-process per-repository reader/writer lock. */
import { describe, expect, it } from "vitest";
import { Cancelled } from "../errors";
import { acquireRepoLock, repoLockState } from "./repo-lock";

describe("acquireRepoLock", () => {
  it("lets shared holders overlap and makes exclusive wait for all of them, FIFO", async () => {
    const order: string[] = [];
    const a = await acquireRepoLock("r1", "shared");
    const b = await acquireRepoLock("r1", "shared");
    expect(repoLockState("r1")).toMatchObject({ shared: 2, exclusive: false });
    const ex = acquireRepoLock("r1", "exclusive").then((rel) => (order.push("ex"), rel));
    // A shared request after a queued exclusive one waits its turn (no starvation of the exclusive).
    const late = acquireRepoLock("r1", "shared").then((rel) => (order.push("late"), rel));
    await Promise.resolve();
    expect(repoLockState("r1")).toMatchObject({ shared: 2, waiting: 2 });
    a();
    a(); // idempotent
    expect(order).toEqual([]);
    b();
    const relEx = await ex;
    expect(repoLockState("r1")).toMatchObject({ exclusive: true, shared: 0 });
    relEx();
    (await late)();
    expect(order).toEqual(["ex", "late"]);
    expect(repoLockState("r1")).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it("keeps repositories independent and rejects an aborted waiter with Cancelled", async () => {
    const ex = await acquireRepoLock("r2", "exclusive");
    const other = await acquireRepoLock("r3", "exclusive");
    other();
    const ac = new AbortController();
    const waiting = acquireRepoLock("r2", "shared", ac.signal);
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(Cancelled);
    ex();
    expect(repoLockState("r2")).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });
});
