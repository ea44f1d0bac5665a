import { describe, expect, it } from "vitest";
import { coalesced, coalescedPending } from "./coalesce";

/** A read whose answer is the value of `state` when the read starts, finishing when `release` is called. */
function controlledRead(state: { v: number }) {
  const pending: Array<() => void> = [];
  let starts = 0;
  const read = () => {
    starts++;
    const seen = state.v;
    return new Promise<number>((resolve) => pending.push(() => resolve(seen)));
  };
  const releaseAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { read, releaseAll, starts: () => starts };
}

describe("coalesced", () => {
  it("a caller arriving during a read waits for a new read, so it sees a write made before its call", async () => {
    const state = { v: 1 };
    const r = controlledRead(state);
    const first = coalesced("k", r.read);
    await new Promise((res) => setTimeout(res, 0)); // the first read has started and seen v=1
    state.v = 2; // a user's write commits while that read runs…
    const second = coalesced("k", r.read); // …then the same user asks
    const third = coalesced("k", r.read);
    await r.releaseAll();
    await r.releaseAll();
    expect(await first).toBe(1);
    expect(await second).toBe(2); // never the stale 1
    expect(await third).toBe(2);
    expect(r.starts()).toBe(2); // the two late callers shared one read
    expect(coalescedPending("k")).toBe(false);
  });

  it("many concurrent callers cost one read while one runs, one more for all who came meanwhile", async () => {
    const state = { v: 7 };
    const r = controlledRead(state);
    const calls = Array.from({ length: 50 }, () => coalesced("many", r.read));
    await r.releaseAll();
    await r.releaseAll();
    expect(await Promise.all(calls)).toEqual(Array(50).fill(7));
    expect(r.starts()).toBe(2);
  });

  it("a failed read fails only its own callers; the next callers read again", async () => {
    let n = 0;
    const failing = () => Promise.reject(new Error(`boom ${++n}`));
    await expect(coalesced("f", failing)).rejects.toThrow("boom 1");
    await expect(coalesced("f", async () => "fine")).resolves.toBe("fine");
  });

  it("keys do not share", async () => {
    const a = coalesced("a", async () => "A");
    const b = coalesced("b", async () => "B");
    expect([await a, await b]).toEqual(["A", "B"]);
  });
});
