import { describe, expect, it } from "vitest";
import { LocationInvalid, locationLabel, newRepositoryConfig, rekeyStamp } from "./new-location";

const stamp = rekeyStamp(new Date("2026-12-03T11:14:55Z"));

describe("newRepositoryConfig", () => {
  it("puts the new repository next to the old one", () => {
    expect(stamp).toBe("20261203-1114");
    expect(newRepositoryConfig("local", { path: "/srv/backups/" }, { stamp })).toEqual({
      path: "/srv/backups-rekey-20261203-1114",
    });
    expect(newRepositoryConfig("s3", { endpoint: "e", bucket: "b", prefix: "app" }, { stamp }).prefix).toBe(
      "app-rekey-20261203-1114",
    );
    expect(newRepositoryConfig("s3", { endpoint: "e", bucket: "b" }, { stamp }).prefix).toBe("rekey-20261203-1114");
    expect(newRepositoryConfig("sftp", { host: "h", user: "u", path: "repo", port: 22 }, { stamp })).toEqual({
      host: "h",
      user: "u",
      port: 22,
      path: "repo-rekey-20261203-1114",
    });
    expect(newRepositoryConfig("rest", { url: "http://127.0.0.1:8000/" }, { stamp }).url).toBe(
      "http://127.0.0.1:8000/rekey-20261203-1114/",
    );
    expect(newRepositoryConfig("rest", { url: "https://r.example/app" }, { stamp }).url).toBe(
      "https://r.example/app-rekey-20261203-1114/",
    );
  });

  it("takes the admin's location and refuses the old one or a bad one", () => {
    expect(newRepositoryConfig("local", { path: "/a" }, { stamp, location: "/b/new" }).path).toBe("/b/new");
    expect(() => newRepositoryConfig("local", { path: "/a" }, { stamp, location: "/a/" })).toThrow(LocationInvalid);
    expect(() => newRepositoryConfig("local", { path: "/a" }, { stamp, location: "rel" })).toThrow(LocationInvalid);
    expect(() => newRepositoryConfig("local", { path: "/" }, { stamp })).toThrow(LocationInvalid);
    expect(() => newRepositoryConfig("rest", { url: "http://h/" }, { stamp, location: "http://u:p@h/x" })).toThrow(
      LocationInvalid,
    );
    expect(() => newRepositoryConfig("s3", { bucket: "b", prefix: "p" }, { stamp, location: "/p/" })).toThrow(
      LocationInvalid,
    );
  });

  it("labels a location without secrets", () => {
    expect(locationLabel("s3", { endpoint: "https://s3.example.com/", bucket: "b", prefix: "p" })).toBe(
      "s3:s3.example.com/b/p",
    );
    expect(locationLabel("sftp", { user: "u", host: "h", port: 2222, path: "/r" })).toBe("u@h:2222:/r");
  });
});
