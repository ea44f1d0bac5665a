/* defineJob: a payload that does not match its kind's schema fails the job without running it; a valid
 * one reaches the runner parsed (defaults applied); `request` refuses a malformed job before it is queued. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "./define-job";
import type { JobContext } from "./job-context";

const probe = defineJob({
  kind: "probe",
  schema: z.object({ subjectId: z.string().uuid(), params: z.object({ times: z.number().int().default(1) }) }),
  async run(ctx) {
    return {
      status: "succeeded",
      error: { code: "ran", message: `${ctx.input.subjectId} ×${ctx.input.params.times}` },
    };
  },
});
const id = "3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f809a1b";
const ctxFor = (payload: Record<string, unknown>) =>
  ({ payload: { jobId: id, kind: "probe", ...payload }, input: undefined }) as unknown as JobContext;

describe("defineJob", () => {
  it("fails a malformed payload without running it", async () => {
    const out = await probe.handler.run(ctxFor({ subjectId: "not-a-uuid", params: {} }));
    expect(out.status).toBe("failed");
    expect(out.error?.code).toBe("invalid_payload");
    expect(out.error?.message).toMatch(/probe job is malformed \(subjectId:/);
  });

  it("runs a valid payload with its parsed input", async () => {
    const out = await probe.handler.run(ctxFor({ subjectId: id, params: {} }));
    expect(out).toEqual({ status: "succeeded", error: { code: "ran", message: `${id} ×1` } });
  });

  it("builds requests of its kind and refuses malformed ones", () => {
    expect(probe.request({ subjectId: id, params: { times: 2 } }, { label: "db1" })).toEqual({
      kind: "probe",
      subjectId: id,
      environmentId: null,
      params: { times: 2 },
      label: "db1",
    });
    expect(() => probe.request({ subjectId: "x", params: {} })).toThrow();
  });
});
