import { describe, expect, it } from "vitest";
import { waitingReason } from "./waiting";

const now = new Date("2026-12-03T10:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("waitingReason", () => {
  it("names the label a queued job needs", () => {
    expect(waitingReason({ status: "queued", workerLabel: "host-b", heartbeatAt: null }, 60, now)).toBe(
      "waiting for a worker labelled host-b",
    );
    expect(waitingReason({ status: "queued", workerLabel: null, heartbeatAt: null }, 60, now)).toBe(
      "waiting for a worker",
    );
  });
  it("a running job waits only once its heartbeat is older than the lease", () => {
    expect(waitingReason({ status: "running", workerLabel: "host-b", heartbeatAt: ago(5) }, 60, now)).toBeNull();
    expect(waitingReason({ status: "running", workerLabel: "db1.example.com", heartbeatAt: ago(61) }, 60, now)).toBe(
      "waiting for a worker labelled db1.example.com (the one running it stopped responding)",
    );
  });
  it("a settled job is not waiting", () => {
    for (const status of ["succeeded", "failed", "cancelled", "partial"])
      expect(waitingReason({ status, workerLabel: "host-b", heartbeatAt: null }, 60, now)).toBeNull();
  });
});
