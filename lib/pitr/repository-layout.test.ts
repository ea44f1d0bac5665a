import { describe, expect, it } from "vitest";
import { baseBackupTags, nextSegment, segmentName, slotName, tagValue, walBatchTags } from "./repository-layout";

describe("repository layout (the PITR contract)", () => {
  it("names segments as PostgreSQL does (XLogFileName), for 16 MiB and 1 MiB segments", () => {
    expect(segmentName(1, "0/3000060")).toBe("000000010000000000000003");
    expect(segmentName(2, "1/FF000000")).toBe("0000000200000001000000FF");
    expect(segmentName(1, "0/2B000028", 1024 * 1024)).toBe("0000000100000000000002B0");
    expect(segmentName(1, "1/00100000", 1024 * 1024)).toBe("000000010000000100000001");
  });
  it("steps to the next segment across a log id", () => {
    expect(nextSegment("0000000100000000000000FF")).toBe("000000010000000100000000");
    expect(nextSegment("000000010000000000000FFF", 1024 * 1024)).toBe("000000010000000100000000");
  });
  it("tags WAL batches and base backups; reads tag values back", () => {
    expect(walBatchTags("s1")).toEqual(["lifeboat", "wal", "source:s1"]);
    const tags = baseBackupTags("s1", "000000010000000000000003", 1);
    expect(tagValue(tags, "start-wal")).toBe("000000010000000000000003");
    expect(tagValue(tags, "timeline")).toBe("1");
  });
  it("makes a valid slot name from a uuid", () => {
    expect(slotName("11111111-2222-4333-8444-555555555555")).toBe("lifeboat_11111111_2222_4333_8444_555555555555");
  });
});
