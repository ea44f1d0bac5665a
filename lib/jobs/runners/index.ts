/* The job kinds this worker runs and their runners. verify and copy have room here once they exist. */
import "server-only";
import type { JobHandlers } from "../worker";
import { backupHandler } from "./backup";
import { restoreHandler } from "./restore";
import { retentionHandler } from "./retention";

export function defaultJobHandlers(): JobHandlers {
  return { backup: backupHandler, restore: restoreHandler, retention: retentionHandler };
}
