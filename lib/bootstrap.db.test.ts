/* bootstrap() is idempotent: run twice (and concurrently) it leaves one admin from the environment and
 * one default "Local disk" destination inside the data directory, with a sealed repository password. */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { resetEnvCache, env } from "@/lib/env";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { loadDestinationSpec } from "@/lib/destinations/load-destination-spec";
import { bootstrap, DEFAULT_DESTINATION_NAME, resetBootstrapForTests } from "./bootstrap";

describe("bootstrap", () => {
  it("creates one admin and one default destination, however often it runs", async () => {
    process.env.LIFEBOAT_ADMIN_EMAIL = "Admin@Example.test";
    process.env.LIFEBOAT_ADMIN_PASSWORD = "bootstrap-admin-pw";
    resetEnvCache();
    const hadSessionSecret = Boolean(process.env.NEXTAUTH_SECRET);
    try {
      await bootstrap();
      resetBootstrapForTests();
      await bootstrap();
      resetBootstrapForTests();
      await Promise.all([bootstrap(), (resetBootstrapForTests(), bootstrap())]);

      const users = (await getDb().execute(sql`select email, role from users`)).rows;
      expect(users).toEqual([{ email: "admin@example.test", role: "admin" }]);
      const dests = (await getDb().execute(sql`select id, name, type, config, is_default from destinations`)).rows as {
        id: string;
        name: string;
        config: { path: string };
        is_default: boolean;
      }[];
      expect(dests).toHaveLength(1);
      expect(dests[0]).toMatchObject({ name: DEFAULT_DESTINATION_NAME, type: "local", is_default: true });
      expect(dests[0]!.config.path).toBe(path.join(env().dataDir, "repositories", "default"));

      const spec = await loadDestinationSpec(dests[0]!.id);
      expect(Buffer.from(spec.repoPassword, "base64url").length).toBe(32);
      const raw = JSON.stringify((await getDb().execute(sql`select * from destinations`)).rows);
      expect(raw).not.toContain(spec.repoPassword);

      const admin = await authenticateCredentials(
        { email: "admin@example.test", password: "bootstrap-admin-pw" },
        { purpose: "sign_in" },
      );
      expect(admin.role).toBe("admin");
      const audit = (
        await getDb().execute(
          sql`select action from audit_log where action in ('user.create_first_admin', 'destination.create')`,
        )
      ).rows;
      expect(audit).toHaveLength(2);
      if (!hadSessionSecret) {
        expect(fs.statSync(path.join(env().dataDir, "nextauth.secret")).mode & 0o777).toBe(0o600);
      }
    } finally {
      delete process.env.LIFEBOAT_ADMIN_EMAIL;
      delete process.env.LIFEBOAT_ADMIN_PASSWORD;
      resetEnvCache();
    }
  });
});
