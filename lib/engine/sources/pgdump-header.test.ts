/* pgdump-header: the creation time in a custom-format header is fixed whatever the chunking of the
 * stream, every other byte passes through unchanged, and what is not a known header is left alone. */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { creationTimeSpan, FIXED_CREATION_TIME, normalisePgDumpHeader } from "./pgdump-header";

function int(value: number, intSize = 4): number[] {
  const out = [value < 0 ? 1 : 0];
  let v = Math.abs(value);
  for (let i = 0; i < intSize; i++) {
    out.push(v & 0xff);
    v = Math.floor(v / 256);
  }
  return out;
}

/** A header as pg_dump 15 (archive 1.14: compression as an int) or 16+ (1.15: one byte) writes it. */
function header(minor: number, time: number[]): Buffer {
  const compression = minor >= 15 ? [0] : int(0);
  const str = (s: string) => [...int(s.length), ...Buffer.from(s)];
  return Buffer.from([
    ...Buffer.from("PGDMP"),
    1,
    minor,
    0,
    4,
    8,
    1,
    ...compression,
    ...time.flatMap((v) => int(v)),
    ...str("shop"),
    ...str("15.20"),
    ...str("15.20"),
  ]);
}

async function through(input: Buffer, chunkSize: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunkSize) chunks.push(input.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(normalisePgDumpHeader())) out.push(c as Buffer);
  return Buffer.concat(out);
}

const body = Buffer.from("\x01TOC and data follow ".repeat(50));
const timeA = [7, 55, 13, 1, 11, 126, 0];
const timeB = [8, 55, 13, 1, 11, 126, 0];

describe("normalisePgDumpHeader", () => {
  for (const minor of [14, 15, 16]) {
    it(`archive 1.${minor}: two dumps a second apart come out identical, at any chunking`, async () => {
      const a = Buffer.concat([header(minor, timeA), body]);
      const b = Buffer.concat([header(minor, timeB), body]);
      expect(a.equals(b)).toBe(false);
      const expected = Buffer.concat([header(minor, [...FIXED_CREATION_TIME]), body]);
      for (const size of [1, 3, 11, 12, 40, 4096]) {
        expect((await through(a, size)).equals(expected)).toBe(true);
        expect((await through(b, size)).equals(expected)).toBe(true);
      }
    });
  }

  it("leaves anything that is not a known custom-format header untouched", async () => {
    const plain = Buffer.from("--\n-- PostgreSQL database dump\n--\n".repeat(10));
    expect((await through(plain, 5)).equals(plain)).toBe(true);
    const future = Buffer.concat([header(99, timeA), body]);
    expect((await through(future, 7)).equals(future)).toBe(true);
    expect(creationTimeSpan(Buffer.from("PGDMP"))).toBe("more");
  });

  it("passes a stream that ends inside the header on as it was", async () => {
    const cut = header(14, timeA).subarray(0, 20);
    expect((await through(cut, 4)).equals(cut)).toBe(true);
    expect((await through(Buffer.alloc(0), 1)).length).toBe(0);
  });
});
