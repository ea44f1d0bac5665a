/* The source form's value mapping: only the chosen type's fields are sent, empty fields are left out,
 * secrets only when typed, excludes split per line, hooks and worker label round-trip. */
import { describe, expect, it } from "vitest";
import { bodyFromValues, valuesFromSource } from "./source-input";

describe("bodyFromValues", () => {
  it("keeps only the chosen type's config and drops empty fields", () => {
    const body = bodyFromValues("postgres", {
      name: "main db",
      "config.host": " 127.0.0.1 ",
      "config.port": "5432",
      "config.database": "",
      "config.path": "/left/over/from/directory",
      "secrets.password": " pass with spaces ",
    });
    expect(body).toEqual({
      name: "main db",
      type: "postgres",
      config: { host: "127.0.0.1", port: "5432", pitr: { enabled: false } },
      secrets: { password: " pass with spaces " },
      hooks: null,
      workerLabel: null,
    });
  });

  it("round-trips the point-in-time switch and its base-backup cron; sends it off explicitly", () => {
    const values = valuesFromSource({
      name: "db",
      type: "postgres",
      config: { host: "h", pitr: { enabled: true, baseBackupCron: "0 4 * * *" } },
    });
    expect(values["config.pitr.enabled"]).toBe("on");
    expect(bodyFromValues("postgres", values).config.pitr).toEqual({ enabled: true, baseBackupCron: "0 4 * * *" });
    expect(bodyFromValues("postgres", { ...values, "config.pitr.enabled": "" }).config.pitr).toMatchObject({
      enabled: false,
    });
    expect(bodyFromValues("mysql", values).config.pitr).toBeUndefined();
  });

  it("sends no secrets when none were typed (an update keeps the stored ones)", () => {
    const body = bodyFromValues("mysql", { name: "db", "config.host": "h", "secrets.password": "" });
    expect(body.secrets).toBeUndefined();
  });

  it("splits directory excludes per line and drops secrets for types without them", () => {
    const body = bodyFromValues("directory", {
      name: "uploads",
      "config.path": "/srv/uploads",
      "config.exclude": "*.tmp\n\n cache/ \n",
      "secrets.password": "stale",
    });
    expect(body.config).toEqual({ path: "/srv/uploads", exclude: ["*.tmp", "cache/"] });
    expect(body.secrets).toBeUndefined();
  });

  it("parses command secrets as NAME=value lines", () => {
    const body = bodyFromValues("command", {
      name: "redis",
      "config.backupCommand": "redis-cli --rdb -",
      "secrets.env": "A=1\nB=x=y\nnot a pair",
    });
    expect(body.secrets).toEqual({ A: "1", B: "x=y" });
  });

  it("round-trips hooks and the worker label", () => {
    const source = {
      name: "files",
      type: "directory",
      config: { path: "/srv", exclude: ["a", "b"] },
      hooks: { pre: { command: "app pause", timeoutSeconds: 60 }, post: { command: "app resume" } },
      workerLabel: "host-1",
    };
    const values = valuesFromSource(source);
    expect(values["config.exclude"]).toBe("a\nb");
    const body = bodyFromValues("directory", values);
    expect(body.hooks).toEqual({
      pre: { command: "app pause", timeoutSeconds: "60" },
      post: { command: "app resume" },
    });
    expect(body.workerLabel).toBe("host-1");
    expect(body.config).toEqual({ path: "/srv", exclude: ["a", "b"] });
  });

  it("splits a directory's required paths per line and reads them back", () => {
    const body = bodyFromValues("directory", {
      name: "Site",
      "config.path": "/var/www/site",
      "config.requiredPaths": "index.php\n\n uploads/ \n",
    });
    expect(body.config).toEqual({ path: "/var/www/site", requiredPaths: ["index.php", "uploads/"] });
    expect(valuesFromSource({ name: "Site", type: "directory", config: body.config })["config.requiredPaths"]).toBe(
      "index.php\nuploads/",
    );
  });
});
