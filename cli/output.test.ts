/* The CLI's output: JSON only on stdout with --json (errors too), progress only on a terminal, and the
 * progress line built from the API's percent / bytes / ETA fields. */
import { describe, expect, it } from "vitest";
import { CliError, EXIT } from "./errors";
import { createOutput, formatBytes, progressLine, table } from "./output";

function fakeIo(tty: boolean) {
  const written = { stdout: "", stderr: "" };
  const stream = (k: "stdout" | "stderr") =>
    ({
      isTTY: tty,
      columns: 100,
      write: (chunk: string) => {
        written[k] += chunk;
        return true;
      },
    }) as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream("stdout"), stderr: stream("stderr") }, written };
}

describe("output", () => {
  it("with --json prints one JSON document and no progress, even on a terminal", () => {
    const { io, written } = fakeIo(true);
    const out = createOutput(true, io);
    out.progress("Backup running 40%");
    out.info("a note");
    out.result({ id: "b1" }, () => "human");
    expect(JSON.parse(written.stdout)).toEqual({ id: "b1" });
    expect(written.stderr).toBe("");
  });

  it("prints an error as {error} JSON on stdout and the message on stderr", () => {
    const { io, written } = fakeIo(false);
    createOutput(true, io).error(new CliError(EXIT.usage, "validation_failed", "Bad input.", { cron: "Not a cron." }));
    expect(JSON.parse(written.stdout)).toEqual({
      error: { code: "validation_failed", message: "Bad input.", fields: { cron: "Not a cron." }, exitCode: 2 },
    });
    expect(written.stderr).toBe("lifeboat: Bad input.\n  cron: Not a cron.\n");
  });

  it("draws progress on a terminal only", () => {
    const tty = fakeIo(true);
    const out = createOutput(false, tty.io);
    out.progress("Backup running  40%");
    out.result({}, () => "done");
    expect(tty.written.stderr).toBe("\r\x1b[2KBackup running  40%\n");
    expect(tty.written.stdout).toBe("done\n");
    const pipe = fakeIo(false);
    createOutput(false, pipe.io).progress("Backup running  40%");
    expect(pipe.written.stderr).toBe("");
  });

  it("builds the progress line from percent, bytes and ETA", () => {
    expect(
      progressLine("Backup", "running", {
        percent: 41.6,
        bytesDone: 1536,
        bytesTotal: 3 * 1024 * 1024,
        etaSeconds: 80,
      }),
    ).toBe("Backup running  42% · 1.5 KiB of 3.0 MiB · ETA 1m 20s");
    expect(progressLine("Restore", "queued", undefined)).toBe("Restore queued…");
    expect(formatBytes(null)).toBe("–");
    expect(table(["A", "LONG"], [["xx", "1"]])).toEqual(["A   LONG", "xx  1"]);
  });
});
