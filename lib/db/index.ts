/* Entry point of the data layer: the client, the migrator and the schema. */
export { getDb, closeDb, dbHandle, type Db } from "./client";
export { ensureMigrated } from "./migrate";
export * as schema from "./schema";
