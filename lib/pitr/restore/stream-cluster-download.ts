/* `GET /api/v1/restores/{id}/download`: the whole cluster prepared by a restore to a time with output
 * "cluster", streamed as a tar of its data directory (nothing buffered; ./cluster-download.ts). Operator+
 * (the rule of every download of backup contents), audited. The prepared folder is removed once the tar
 * was sent whole; a cancelled download stops tar and leaves it for another try until its expiry. */
import "server-only";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { canDownloadBackupContents, DOWNLOAD_DENIED_MESSAGE } from "@/lib/backups/download-policy";
import { getDb } from "@/lib/db";
import { restores, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { clusterTar, readyCluster, removeClusterDownload } from "./cluster-download";
import { clusterDownloadRoot } from "./cluster-download-root";

export async function streamClusterDownload(restoreId: string, actor: Actor): Promise<Response> {
  const target = { type: "restore", id: restoreId };
  if (!canDownloadBackupContents(actor.role)) {
    await writeAudit({ actor, action: "restore.download", target, outcome: "denied" });
    throw new AppError("forbidden", DOWNLOAD_DENIED_MESSAGE);
  }
  const [r] = isUuid(restoreId) ? await getDb().select().from(restores).where(eq(restores.id, restoreId)) : [];
  if (!r) throw new AppError("not_found", "This restore does not exist.");
  if (r.pitr?.output !== "cluster") {
    throw new AppError("unprocessable", "Only a restore to a time with output “cluster” has a download.");
  }
  if (r.status !== "succeeded") {
    throw new AppError(
      "conflict",
      r.status === "queued" || r.status === "running"
        ? "The cluster is still being recovered; download it once the restore has succeeded."
        : `This restore ${r.status}, so there is no cluster to download.`,
    );
  }
  const root = clusterDownloadRoot();
  const ready = await readyCluster(root, restoreId);
  if (!ready) {
    throw new AppError(
      "not_found",
      "The recovered cluster was already downloaded or has expired (it is kept 24 hours); restore to the time again.",
    );
  }
  const [src] = await getDb().select({ name: sources.name }).from(sources).where(eq(sources.id, r.pitr.sourceId));
  const at = (ready.recoveredTo ?? r.pitr.time).replace(/[-:]/g, "").replace(/\.\d+/, "");
  const filename = `${(src?.name ?? "cluster").replace(/[^\w.-]+/g, "-")}-pg${ready.majorVersion}-${at}.tar`;
  const tar = clusterTar(root, restoreId);
  tar.whole.then(async (whole) => {
    if (!whole) return;
    await removeClusterDownload(root, restoreId).catch((e) =>
      logger().warn({ err: (e as Error).message, restoreId }, "could not remove a downloaded cluster"),
    );
  });
  tar.stream.on("close", () => tar.stop());
  await writeAudit({ actor, action: "restore.download", target, details: { output: "cluster", filename } });
  return new Response(Readable.toWeb(tar.stream) as unknown as ReadableStream, {
    status: 200,
    headers: {
      "content-type": "application/x-tar",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
