/* The engine benchmark's test data: a mixed tree of random blobs (incompressible, unique), text files made
 * of words (compressible, deduplicating) and many small files, seeded so two runs write the same text. */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const WORDS = Array.from({ length: 4000 }, (_, i) =>
  crypto
    .createHash("md5")
    .update(String(i))
    .digest("base64")
    .replace(/[^a-z]/gi, "")
    .slice(0, 3 + (i % 8))
    .toLowerCase(),
);

function textBlock(bytes: number, rnd: () => number): Buffer {
  const buf = Buffer.allocUnsafe(bytes + 64);
  let o = 0;
  let col = 0;
  while (o < bytes) {
    const w = WORDS[Math.floor(rnd() * WORDS.length)];
    o += buf.write(w, o, "latin1");
    col += w.length + 1;
    if (col > 72) {
      buf[o++] = 10;
      col = 0;
    } else buf[o++] = 32;
  }
  return buf.subarray(0, bytes);
}

export type TreeSizes = {
  randomFiles: number;
  randomSize: number;
  textFiles: number;
  textSize: number;
  smallFiles: number;
};

/** Writes the mixed tree under `root`: random blobs, word text files and many small files (seeded). */
export function makeTree(root: string, SIZES: TreeSizes): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const write = (rel: string, data: Buffer) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    files++;
    bytes += data.length;
  };
  for (let i = 0; i < SIZES.randomFiles; i++) write(`random/blob-${i}.bin`, crypto.randomBytes(SIZES.randomSize));
  const rnd = prng(42);
  for (let i = 0; i < SIZES.textFiles; i++) write(`text/doc-${i}.txt`, textBlock(SIZES.textSize, rnd));
  for (let i = 0; i < SIZES.smallFiles; i++) {
    const size = 1024 + Math.floor(rnd() * 11 * 1024);
    write(
      `small/d${Math.floor(i / 500)}/f-${i}.${i % 3 ? "txt" : "bin"}`,
      i % 3 ? textBlock(size, rnd) : crypto.randomBytes(size),
    );
  }
  return { files, bytes };
}

export function treeStats(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}
