/* Where prepared whole-cluster downloads live: `<LIFEBOAT_DATA_DIR>/pitr/cluster-downloads/` (the data
 * directory, which the worker that prepares and the web process that streams share). */
import "server-only";
import path from "node:path";
import { env } from "@/lib/env";

export const clusterDownloadRoot = () => path.join(env().dataDir, "pitr", "cluster-downloads");
