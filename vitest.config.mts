/* Test projects (see README "Tests"):
 *  unit         *.test.ts        pure code, no processes or databases
 *  integration  *.int.test.ts    real restic, PostgreSQL, MariaDB, SQLite, files, S3/SFTP/REST servers
 *  db-pglite    *.db.test.ts     services against the app database on embedded PGlite
 *  db-postgres  *.db.test.ts     the same files against a throwaway database on local PostgreSQL
 *  fuzz         *.fuzz.test.ts   generated input through every REST route handler on embedded PGlite
 *  hosts        *.hosts.test.ts  two hosts in network namespaces (root + iproute2), PostgreSQL of its own
 *  faults       *.fault.test.ts  kill -9 of workers mid-job, S3 outage, full disk, source down (real processes) */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const alias = {
  "@": path.resolve(__dirname),
  "server-only": path.resolve(__dirname, "test/support/server-only-stub.ts"),
};
const exclude = ["node_modules/**", "e2e/**", ".next*/**", "data/**"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [
            ...exclude,
            "**/*.int.test.ts",
            "**/*.db.test.ts",
            "**/*.fuzz.test.ts",
            "**/*.hosts.test.ts",
            "**/*.fault.test.ts",
          ],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 300_000,
          hookTimeout: 300_000,
          globalSetup: ["test/support/services-global-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db-pglite",
          include: ["**/*.db.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { LIFEBOAT_TEST_DB: "pglite" },
          setupFiles: ["test/support/db-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db-postgres",
          include: ["**/*.db.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { LIFEBOAT_TEST_DB: "postgres" },
          globalSetup: ["test/support/services-global-setup.ts"],
          setupFiles: ["test/support/db-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "fuzz",
          include: ["**/*.fuzz.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 600_000,
          hookTimeout: 120_000,
          env: { LIFEBOAT_TEST_DB: "pglite" },
          setupFiles: ["test/support/db-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "hosts",
          include: ["**/*.hosts.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 150_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          include: ["**/*.fault.test.ts"],
          exclude,
          environment: "node",
          pool: "forks",
          testTimeout: 480_000,
          hookTimeout: 120_000,
          globalSetup: ["test/faults/global-setup.ts"],
        },
      },
    ],
  },
});
