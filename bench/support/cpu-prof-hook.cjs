/* Preloaded into the panel by bench/load.ts (NODE_OPTIONS=--require …) when BENCH_LOAD_PROFILE is set.
 * Each SIGUSR2 toggles a V8 CPU profile of this process through the inspector: the first starts one,
 * the next stops it and writes <LB_CPU_PROF_DIR>/<n>.cpuprofile, so the bench profiles each endpoint's
 * phase on its own. Bench-only: nothing in the panel loads it. */
const fs = require("node:fs");
const path = require("node:path");
const { Session } = require("node:inspector");

const dir = process.env.LB_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.start");
      return;
    }
    running = false;
    const file = path.join(dir, `${++n}.cpuprofile`);
    session.post("Profiler.stop", (err, res) => {
      if (err) console.error(`cpu profile: ${err.message}`);
      else fs.writeFileSync(file, JSON.stringify(res.profile));
      fs.writeFileSync(`${file}.done`, "");
    });
  });
}
