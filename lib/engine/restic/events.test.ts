/* Unit tests for the JSON event parsers, fed with lines restic 0.14 and 0.17 really print. */
import { describe, expect, it } from "vitest";
import {
  createCopyParser,
  isCheckProblemLine,
  parseBackupLine,
  parseForgetJson,
  parseKeysJson,
  parseLsLine,
  parseSnapshotsJson,
  parseStatsJson,
  statusToProgress,
} from "./events";

const ID = "13a32d6770699c75584d7b4f73580486d27f46da9c259ea82cbfeb7ca5b36bb3";
const TREE = "4ac93904a27e6fff14826a3a818edaa7ce4b304de1b6b0fc2393183c7a5d60f5";

describe("parseBackupLine", () => {
  it("parses status into progress", () => {
    const ev = parseBackupLine(
      '{"message_type":"status","seconds_elapsed":3,"seconds_remaining":7,"percent_done":0.3,"total_files":10,"files_done":3,"total_bytes":1000,"bytes_done":300}',
    );
    expect(ev?.type).toBe("status");
    if (ev?.type !== "status") throw new Error();
    expect(statusToProgress(ev.status)).toEqual({
      percent: 0.3,
      bytesDone: 300,
      bytesTotal: 1000,
      filesDone: 3,
      etaSeconds: 7,
    });
  });

  it("parses the first status line, which has no byte counts yet", () => {
    const ev = parseBackupLine('{"message_type":"status","percent_done":0,"total_files":1,"total_bytes":3}');
    if (ev?.type !== "status") throw new Error("not status");
    expect(statusToProgress(ev.status)).toEqual({
      percent: 0,
      bytesDone: 0,
      bytesTotal: 3,
      filesDone: 0,
      etaSeconds: undefined,
    });
  });

  it("parses a 0.14 summary with an 8-char id and a 0.17 summary with extra fields", () => {
    const s14 = parseBackupLine(
      '{"message_type":"summary","files_new":2,"files_changed":0,"files_unmodified":0,"dirs_new":2,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":2,"tree_blobs":3,"data_added":1395,"total_files_processed":2,"total_bytes_processed":5,"total_duration":0.22,"snapshot_id":"13a32d67"}',
    );
    expect(s14).toMatchObject({
      type: "summary",
      summary: { snapshot_id: "13a32d67", data_added: 1395, files_new: 2 },
    });
    const s17 = parseBackupLine(
      `{"message_type":"summary","files_new":1,"files_changed":1,"files_unmodified":0,"dirs_new":0,"dirs_changed":1,"dirs_unmodified":0,"data_blobs":1,"tree_blobs":1,"data_added":10,"data_added_packed":8,"total_files_processed":2,"total_bytes_processed":20,"total_duration":1.5,"backup_start":"2026-01-01T00:00:00Z","backup_end":"2026-01-01T00:00:01Z","snapshot_id":"${ID}"}`,
    );
    expect(s17).toMatchObject({ type: "summary", summary: { snapshot_id: ID } });
  });

  it("parses error events in both the 0.14 (PathError) and newer ({message}) shapes", () => {
    expect(
      parseBackupLine(
        '{"message_type":"error","error":{"Op":"open","Path":"/x","Err":13},"during":"archival","item":"/x"}',
      ),
    ).toEqual({ type: "error", item: "/x", during: "archival", message: "open: permission denied" });
    expect(
      parseBackupLine(
        '{"message_type":"error","error":{"message":"read /y: input/output error"},"during":"read","item":"/y"}',
      ),
    ).toEqual({ type: "error", item: "/y", during: "read", message: "read /y: input/output error" });
  });

  it("does not throw on garbage, blank or unexpected lines", () => {
    expect(parseBackupLine("")).toBeNull();
    expect(parseBackupLine("Warning: at least one source file could not be read")).toMatchObject({ type: "unknown" });
    expect(parseBackupLine("{not json")).toMatchObject({ type: "unknown" });
    expect(parseBackupLine('{"message_type":"summary","snapshot_id":"ZZZ"}')).toMatchObject({ type: "unknown" });
    expect(parseBackupLine('{"message_type":"verbose_status","action":"new"}')).toEqual({
      type: "other",
      messageType: "verbose_status",
    });
  });
});

describe("snapshots, ls, stats, keys", () => {
  it("parses snapshots with null tags", () => {
    const snaps = parseSnapshotsJson(
      `[{"time":"2026-01-01T10:00:00Z","tree":"${TREE}","paths":["/src"],"hostname":"h1","username":"root","tags":null,"id":"${ID}","short_id":"13a32d67"}]`,
    );
    expect(snaps).toEqual([
      {
        id: ID,
        shortId: "13a32d67",
        time: "2026-01-01T10:00:00Z",
        hostname: "h1",
        tags: [],
        paths: ["/src"],
        tree: TREE,
      },
    ]);
    expect(parseSnapshotsJson("")).toEqual([]);
    expect(() => parseSnapshotsJson('[{"id":"short","time":"x"}]')).toThrow();
  });

  it("skips the snapshot line of ls and maps node types", () => {
    expect(parseLsLine(`{"time":"2026-01-01T10:00:00Z","id":"${ID}","struct_type":"snapshot"}`)).toBeNull();
    expect(
      parseLsLine(
        '{"name":"f","type":"file","path":"/src/a/f","size":3,"mode":420,"mtime":"2026-11-23T18:22:24Z","struct_type":"node"}',
      ),
    ).toEqual({ path: "/src/a/f", name: "f", type: "file", size: 3, mtime: "2026-11-23T18:22:24Z" });
    expect(parseLsLine('{"name":"d","type":"dir","path":"/d","mtime":"t","struct_type":"node"}')).toMatchObject({
      type: "dir",
      size: 0,
    });
    expect(parseLsLine('{"name":"p","type":"fifo","path":"/p","struct_type":"node"}')).toMatchObject({ type: "other" });
    expect(
      parseLsLine('{"name":"l","type":"symlink","path":"/l","linktarget":"x","message_type":"node"}'),
    ).toMatchObject({ type: "symlink" });
  });

  it("parses stats and keys", () => {
    expect(parseStatsJson('{"total_size":5,"total_file_count":4,"snapshots_count":1}')).toEqual({
      totalSize: 5,
      totalFileCount: 4,
      snapshotsCount: 1,
      totalUncompressedSize: undefined,
      compressionRatio: undefined,
      totalBlobCount: undefined,
    });
    expect(
      parseKeysJson(
        '[{"current":true,"id":"b6938dab","userName":"root","hostName":"vm","created":"2026-11-23 18:22:24"}]',
      ),
    ).toEqual([{ current: true, id: "b6938dab", userName: "root", hostName: "vm", created: "2026-11-23 18:22:24" }]);
  });
});

describe("parseForgetJson", () => {
  it("flattens groups and matches 0.14 reasons (no id) to kept snapshots by time and tree", () => {
    const other = "a".repeat(64);
    const doc = JSON.stringify([
      {
        tags: null,
        host: "h1",
        paths: ["/src"],
        keep: [
          {
            time: "2026-01-02T00:00:00Z",
            tree: TREE,
            paths: ["/src"],
            hostname: "h1",
            tags: ["t"],
            id: ID,
            short_id: "13a32d67",
          },
        ],
        remove: [
          {
            time: "2026-01-01T00:00:00Z",
            tree: TREE,
            paths: ["/src"],
            hostname: "h1",
            tags: null,
            id: other,
            short_id: "aaaaaaaa",
          },
        ],
        reasons: [
          {
            snapshot: { time: "2026-01-02T00:00:00Z", tree: TREE, paths: ["/src"], hostname: "h1" },
            matches: ["daily snapshot", "last snapshot"],
            counters: {},
          },
        ],
      },
      { tags: null, host: "h2", paths: ["/x"], keep: null, remove: null, reasons: null },
    ]);
    const r = parseForgetJson(doc);
    expect(r.keep.map((s) => s.id)).toEqual([ID]);
    expect(r.remove.map((s) => s.id)).toEqual([other]);
    expect(r.reasons).toEqual({ [ID]: ["daily snapshot", "last snapshot"] });
  });
});

describe("copy and check text", () => {
  it("pairs copied and skipped snapshots", () => {
    const p = createCopyParser();
    for (const l of [
      "",
      "snapshot 351a019e of [/tmp/e1x/src] at 2026-11-23 18:23:12.07 +0000 UTC)",
      "skipping source snapshot 351a019e, was already copied to snapshot be941b6e",
      "snapshot b2f7c690 of [/tmp/e1x/src] at 2026-11-23 18:22:34 +0000 UTC)",
      "  copy started, this may take a while...",
      "[0:00]          0 packs copied",
      "snapshot 6c559e17 saved",
    ])
      p.feed(l);
    expect(p.result()).toEqual({
      copied: [{ from: "b2f7c690", to: "6c559e17" }],
      skipped: [{ from: "351a019e", to: "be941b6e" }],
    });
  });

  it("picks damage lines out of check output and ignores progress", () => {
    expect(isCheckProblemLine("Pack ID does not match, want 9054, got 141c")).toBe(true);
    expect(isCheckProblemLine("error for tree 4ac93904: id 0b7a is missing")).toBe(true);
    expect(isCheckProblemLine("[0:00] 100.00%  3 / 3 packs")).toBe(false);
    expect(isCheckProblemLine("no errors were found")).toBe(false);
    expect(isCheckProblemLine("check snapshots, trees and blobs")).toBe(false);
    expect(
      isCheckProblemLine(
        "unable to create lock in backend: repository is already locked by PID 3 on vm by root (UID 0, GID 0)",
      ),
    ).toBe(false);
    expect(
      isCheckProblemLine(
        "unable to create temporary directory for cache during check, disabling cache: stat /x: no such file or directory",
      ),
    ).toBe(false);
  });
});
