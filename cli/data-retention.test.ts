/* Platform.sh's data_retention JSON → Lifeboat settings: the seed's example, the wrapped and bare forms,
 * the policy for the environment's type, and specific usage errors (exit 2). */
import { describe, expect, it } from "vitest";
import { mapDataRetention } from "./data-retention";
import { CliError, EXIT } from "./errors";
import { policyFromIntervals } from "../lib/retention/policy";

const SCHEDULE = [
  { interval: "1d", count: 7 },
  { interval: "1w", count: 4 },
  { interval: "1M", count: 12 },
];
const SEED = { default: { default_config: { manual_count: 3, schedule: SCHEDULE } } };

describe("mapDataRetention", () => {
  it("maps the seed's example: schedule → retention intervals, manual_count → maxManualBackups", () => {
    const r = mapDataRetention(JSON.stringify(SEED), "production");
    expect(r).toEqual({ retention: { intervals: SCHEDULE }, maxManualBackups: 3, ignored: [], usedKey: "default" });
    // The server turns those intervals into 7 daily · 4 weekly · 12 monthly.
    expect(policyFromIntervals(r.retention!.intervals)).toMatchObject({
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 12,
      keepHourly: 0,
    });
  });

  it("accepts the object wrapped as {data_retention: …} and the bare default_config", () => {
    const wrapped = mapDataRetention(JSON.stringify({ data_retention: SEED }), "staging");
    expect(wrapped.maxManualBackups).toBe(3);
    expect(wrapped.retention?.intervals).toEqual(SCHEDULE);
    const bare = mapDataRetention(JSON.stringify(SEED.default.default_config), "staging");
    expect(bare.retention?.intervals).toEqual(SCHEDULE);
    expect(bare.usedKey).toBeNull();
  });

  it("uses the policy of the environment's type when there is one, else default", () => {
    const doc = JSON.stringify({
      default: { default_config: { manual_count: 1 } },
      production: { default_config: { manual_count: 9, schedule: [{ interval: "6h", count: 4 }] } },
    });
    expect(mapDataRetention(doc, "production")).toMatchObject({ maxManualBackups: 9, usedKey: "production" });
    expect(mapDataRetention(doc, "development")).toEqual({ maxManualBackups: 1, ignored: [], usedKey: "default" });
  });

  it("sets only what is given and names what it does not map", () => {
    const r = mapDataRetention(
      JSON.stringify({
        default: { default_config: { schedule: [{ interval: "1d", count: 3 }], max_backups: 20, snapshot_window: 1 } },
      }),
      "staging",
    );
    expect(r).toEqual({
      retention: { intervals: [{ interval: "1d", count: 3 }] },
      maxBackups: 20,
      ignored: ["snapshot_window"],
      usedKey: "default",
    });
    expect("maxManualBackups" in r).toBe(false);
  });

  const refuses = (text: string, message: RegExp) => {
    let err: unknown;
    try {
      mapDataRetention(text, "staging");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.usage);
    expect((err as CliError).message).toMatch(message);
  };

  it("refuses what it cannot map, saying where", () => {
    refuses("{nope", /not valid JSON/);
    refuses("[1]", /JSON object/);
    refuses(
      JSON.stringify({ production: { default_config: { manual_count: 1 } } }),
      /no "staging" or "default" policy \(found: production\)/,
    );
    refuses(JSON.stringify({ default: { manual: 1 } }), /needs a "default_config"/);
    refuses(JSON.stringify({ default: { default_config: {} } }), /none of "schedule", "manual_count" or "max_backups"/);
    refuses(JSON.stringify({ default: { default_config: { manual_count: -1 } } }), /manual_count cannot be negative/);
    refuses(JSON.stringify({ default: { default_config: { manual_count: "3" } } }), /manual_count must be a number/);
    refuses(
      JSON.stringify({ default: { default_config: { schedule: [{ interval: "1q", count: 7 }] } } }),
      /schedule\.0\.interval: Use an interval like/,
    );
    refuses(
      JSON.stringify({ default: { default_config: { schedule: [{ interval: "1d", count: 0 }] } } }),
      /schedule\.0\.count: Count must be at least 1/,
    );
    refuses(JSON.stringify({ default: { default_config: { schedule: [] } } }), /Add at least one interval/);
  });
});
