#!/usr/bin/env node
/* Renders public/logo.svg into public/favicon.ico (16, 32 and 48 px PNG images in one ICO) with the
 * Chromium the end-to-end tests use. Run it after changing the logo: `node scripts/make-favicon.mjs`.
 * The ICO format here is the simple one every browser reads: a directory of PNG-compressed entries. */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const svg = fs.readFileSync(path.join(root, "public", "logo.svg"), "utf8");
const SIZES = [16, 32, 48];

const browser = await chromium.launch({
  executablePath: process.env.LIFEBOAT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const pngs = [];
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    pngs.push(await page.locator("svg").screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}

const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // 1 = icon
header.writeUInt16LE(SIZES.length, 4);
const entries = [];
let offset = 6 + 16 * SIZES.length;
SIZES.forEach((size, i) => {
  const e = Buffer.alloc(16);
  e.writeUInt8(size, 0); // width (0 would mean 256)
  e.writeUInt8(size, 1); // height
  e.writeUInt8(0, 2); // no palette
  e.writeUInt8(0, 3);
  e.writeUInt16LE(1, 4); // colour planes
  e.writeUInt16LE(32, 6); // bits per pixel
  e.writeUInt32LE(pngs[i].length, 8);
  e.writeUInt32LE(offset, 12);
  offset += pngs[i].length;
  entries.push(e);
});
const out = path.join(root, "public", "favicon.ico");
fs.writeFileSync(out, Buffer.concat([header, ...entries, ...pngs]));
console.log(`wrote ${out} (${SIZES.join(", ")} px)`);
