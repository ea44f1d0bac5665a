/* GET (viewer+) one backup with its sources, progress and error; DELETE (admin, audited) forgets its
 * snapshots in every destination and marks it deleted → 204. */
import { apiRoute } from "@/lib/http";
import { deleteBackup, getBackup } from "@/lib/backups";

export const GET = apiRoute("viewer", async ({ params }) => getBackup(params.id!));

export const DELETE = apiRoute(
  "admin",
  async ({ params, actor }) => {
    await deleteBackup(params.id!, actor);
    return undefined;
  },
  { action: "backup.delete", target: (p) => ({ type: "backup", id: p.id }) },
);
