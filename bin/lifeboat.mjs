#!/usr/bin/env node
/* The `lifeboat` command: registers tsx (a runtime dependency) with this repository's tsconfig, so the
 * TypeScript in cli/ runs as it is on Node 20, then hands over to cli/main.ts. */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register as registerCjs } from "tsx/cjs/api";
import { register as registerEsm } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The repository is CommonJS ("type" unset), so its .ts files load through require: both hooks.
const tsconfig = path.join(root, "tsconfig.json");
registerCjs({ tsconfig });
registerEsm({ tsconfig });
const mod = await import(pathToFileURL(path.join(root, "cli", "main.ts")).href);
const main = mod.main ?? mod.default?.main; // a CommonJS module's exports arrive as `default`
process.exitCode = await main(process.argv.slice(2));
