/* previewSchedule: what the Backup Settings form shows under a schedule row — words and next runs for a
 * good expression, the scheduler's own message for a bad one or an unknown time zone. */
import { describe, expect, it } from "vitest";
import { expandRandomForm } from "./random-form";
import { previewSchedule } from "./schedule-preview";

const NOW = new Date("2030-03-01T10:00:00Z");
const ENV = "5b0c2f9e-6a43-4d7e-9a51-3f1c2b8d7e60";

describe("previewSchedule", () => {
  it("gives the words and the next five runs in the schedule's time zone", () => {
    const p = previewSchedule({ cron: " 0 2 * * * ", timezone: "Europe/Berlin" }, ENV, NOW);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.words).toContain("02:00");
    expect(p.nextRuns).toEqual([
      "2030-03-02T01:00:00.000Z",
      "2030-03-03T01:00:00.000Z",
      "2030-03-04T01:00:00.000Z",
      "2030-03-05T01:00:00.000Z",
      "2030-03-06T01:00:00.000Z",
    ]);
  });

  it("expands a random form with the environment id, as the scheduler does", () => {
    const p = previewSchedule({ cron: "@daily-random", timezone: "UTC" }, ENV, NOW);
    const [minute, hour] = expandRandomForm("@daily-random", ENV).split(" ").map(Number);
    expect(p.ok && new Date(p.nextRuns[0]!).getUTCHours()).toBe(hour);
    expect(p.ok && new Date(p.nextRuns[0]!).getUTCMinutes()).toBe(minute);
  });

  it("answers a bad expression or time zone with the message, not an exception", () => {
    const bad = previewSchedule({ cron: "61 * * * *", timezone: "UTC" }, ENV, NOW);
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/^Not a valid cron expression/) });
    expect(previewSchedule({ cron: "", timezone: "UTC" }, ENV, NOW)).toEqual({
      ok: false,
      message: "Not a valid cron expression: it is empty.",
    });
    expect(previewSchedule({ cron: "0 2 * * *", timezone: "Mars/Olympus" }, ENV, NOW)).toEqual({
      ok: false,
      message: 'Unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin or UTC.',
    });
  });
});
