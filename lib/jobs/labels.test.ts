import { describe, expect, it } from "vitest";
import { DEFAULT_QUEUE, labelMatches, queueForLabel } from "./labels";

describe("queueForLabel", () => {
  it("keeps the queue names labels without a dot always had", () => {
    expect(queueForLabel(null)).toBe(DEFAULT_QUEUE);
    expect(queueForLabel("host-b")).toBe("lifeboat-jobs-at-host-b");
    expect(queueForLabel("Host_B")).toBe("lifeboat-jobs-at-host_b");
  });
  it("gives labels that differ other than by case queues of their own", () => {
    const labels = ["host.b", "host_b", "host-b", "a.b_c", "a_b.c", "a_d", "a.d", "a_u", "a__d", "db1.example.com"];
    const queues = labels.map(queueForLabel);
    expect(new Set(queues).size).toBe(labels.length);
    for (const q of queues) expect(q).toMatch(/^[a-z0-9_-]+$/);
  });
  it("matches labels case-insensitively", () => {
    expect(labelMatches(["DB1.Example.com"], "db1.example.com")).toBe(true);
    expect(labelMatches(["host_b"], "host.b")).toBe(false);
    expect(labelMatches([], null)).toBe(true);
    expect(labelMatches([], "host-b")).toBe(false);
  });
});
