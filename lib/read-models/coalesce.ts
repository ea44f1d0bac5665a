/* Coalescing of identical concurrent reads (single flight that never serves a stale answer). Fifty
 * people opening the dashboard at once need one dashboard read, not fifty: on the embedded database
 * every query runs on the panel's one thread (notes/load.md), so fifty identical reads cost fifty times
 * the CPU for the same rows.
 *
 * Invariant: a caller only ever gets the result of a read that STARTED AFTER the caller arrived. A
 * caller arriving while a read of the same key is running does not join it (that read may have begun
 * before the caller's own last write committed); it waits for it to end and then shares the one next
 * read with everyone else who arrived meanwhile. So every caller sees every write committed before its
 * call — a user's own just-made change included — with no time-to-live and no invalidation to forget.
 * Under load the number of reads per key is about one per read's duration, whatever the request rate.
 *
 * Callers share the result object: they must treat it as read-only (the read models return plain
 * views that are serialised, never mutated). Keys must name everything the read depends on. Only for
 * reads that do not depend on who asks (authorisation stays with the caller, before the read). */

type Slot = { running: Promise<unknown> | null; next: Promise<unknown> | null };
const slots = new Map<string, Slot>();

function start<T>(key: string, slot: Slot, read: () => Promise<T>): Promise<T> {
  const p = Promise.resolve().then(read);
  slot.running = p;
  const done = () => {
    if (slot.running === p) slot.running = null;
    if (!slot.running && !slot.next && slots.get(key) === slot) slots.delete(key);
  };
  p.then(done, done);
  return p;
}

export function coalesced<T>(key: string, read: () => Promise<T>): Promise<T> {
  let slot = slots.get(key);
  if (!slot) {
    slot = { running: null, next: null };
    slots.set(key, slot);
  }
  if (!slot.running) return start(key, slot, read);
  if (!slot.next) {
    const s = slot;
    s.next = slot.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        s.next = null;
        return start(key, s, read);
      });
  }
  return slot.next as Promise<T>;
}

/** Reads of `key` in flight or waiting (tests). */
export function coalescedPending(key: string): boolean {
  return slots.has(key);
}
