/* Vitest globalSetup for projects that talk to real servers: make sure PostgreSQL and MariaDB run. */
import { ensureMariadb, ensurePostgres } from "./local-services";

export default async function setup(): Promise<void> {
  await ensurePostgres();
  await ensureMariadb();
}
