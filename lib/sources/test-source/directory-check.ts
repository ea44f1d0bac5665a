/* Tests a directory source: the folder exists (and is a folder), this process can list and read it,
 * and what a backup would take: file count and total size (excludes applied), with the files or
 * folders it could not read — a backup would be partial without them. */
import "server-only";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseSource, type SourceSpec, ZDirectorySource } from "@/lib/engine";
import { formatBytes } from "@/components/ui/format";
import { skipped, type SourceCheck, type SourceTestFacts } from "./result";
import { walkFolder } from "./walk-folder";

function processUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}`;
  }
}

export async function testDirectory(source: SourceSpec): Promise<{ checks: SourceCheck[]; facts: SourceTestFacts }> {
  const { config } = parseSource(ZDirectorySource, source);
  const dir = path.resolve(config.path);
  const st = await fsp.stat(dir).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error || !st.isDirectory()) {
    const why =
      st instanceof Error
        ? st.code === "ENOENT"
          ? `There is no folder at ${dir}.`
          : `Cannot look at ${dir}: ${st.code ?? st.message}.`
        : `${dir} is a file, not a folder.`;
    return {
      checks: [
        {
          id: "path",
          label: "Folder exists",
          status: "failed",
          message: `${why} Check the path (it is case-sensitive).`,
        },
        skipped("readable", "Folder readable", "the folder is missing"),
        skipped("contents", "Contents", "the folder is missing"),
      ],
      facts: {},
    };
  }
  const checks: SourceCheck[] = [{ id: "path", label: "Folder exists", status: "ok", message: `${dir} is a folder.` }];
  try {
    await fsp.access(dir, fsp.constants.R_OK | fsp.constants.X_OK);
    await (await fsp.opendir(dir)).close();
    checks.push({
      id: "readable",
      label: "Folder readable",
      status: "ok",
      message: `${processUser()} can read ${dir}.`,
    });
  } catch (e) {
    checks.push({
      id: "readable",
      label: "Folder readable",
      status: "failed",
      message: `${processUser()} cannot read ${dir} (${(e as NodeJS.ErrnoException).code ?? "error"}). Give this user read access.`,
    });
    checks.push(skipped("contents", "Contents", "the folder cannot be read"));
    return { checks, facts: {} };
  }
  const walk = await walkFolder(dir, { exclude: config.exclude });
  const facts: SourceTestFacts = {
    fileCount: walk.files,
    sizeBytes: walk.bytes,
    ...(walk.partial ? { partial: true } : {}),
  };
  const amount = `${walk.partial ? "At least " : ""}${walk.files.toLocaleString("en")} file${walk.files === 1 ? "" : "s"}, ${formatBytes(walk.bytes)}`;
  if (walk.unreadable.length) {
    const shown = walk.unreadable.slice(0, 3).join(", ");
    checks.push({
      id: "contents",
      label: "Contents",
      status: "warning",
      message: `${amount}. ${walk.unreadable.length} could not be read (${shown}${walk.unreadable.length > 3 ? ", …" : ""}); a backup would be partial without them.`,
    });
  } else if (walk.files === 0) {
    checks.push({
      id: "contents",
      label: "Contents",
      status: "warning",
      message: "The folder is empty (after excludes): a backup would hold nothing.",
    });
  } else {
    checks.push({
      id: "contents",
      label: "Contents",
      status: "ok",
      message: `${amount}${walk.partial ? " (counting stopped early)" : ""}.`,
    });
  }
  return { checks, facts };
}
