/* Reads a V8 .cpuprofile (bench/support/cpu-prof-hook.cjs) and summarises where the panel's one thread
 * spent its time: self time by function (name, file, line) and by package (node_modules/<pkg>, or
 * "node:" internals, "(garbage collector)", "(idle)", "(program)", the app's own chunks). Used by
 * bench/load.ts; also runnable alone: `tsx bench/support/cpu-profile-top.ts <file> [top]`. */
import fs from "node:fs";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function pkgOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return "node:internals";
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (m) return m[m.length - 1]!.replace("node_modules/", "");
  if (url.includes(".next")) return "app (server chunks)";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

export function summarise(file: string, top = 20): string {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const short = url.replace(/^file:\/\//, "").replace(/.*node_modules\//, "");
    const key = `${functionName || "(anonymous)"}  ${short ? `${short.split("/").slice(-3).join("/")}:${lineNumber + 1}` : ""}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const k = pkgOf(url, functionName);
    pkg.set(k, (pkg.get(k) ?? 0) + us);
  }
  const fmt = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          `    ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
      )
      .join("\n");
  return `  profile ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s\n  by package (self time):\n${fmt(pkg, 12)}\n  top functions (self time):\n${fmt(fn, top)}`;
}

if (process.argv[1]?.endsWith("cpu-profile-top.ts") && process.argv[2]) {
  console.log(summarise(process.argv[2], Number(process.argv[3] ?? 25)));
}
