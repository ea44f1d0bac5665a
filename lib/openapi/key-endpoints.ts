/* REST v1 endpoints of repository keys, their rotation and the re-key of a repository (API.md §Copies, keys, policies). */
import { ZRekeyRequest } from "@/lib/keys/rekey/schema";
import { ZAddKey, ZKeyRotationSchedule } from "@/lib/keys/schema";
import { created, type Endpoint, noContent, ok } from "./endpoint-types";

export const KEY_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/destinations/{id}/keys",
    tag: "destinations",
    summary: "The repository's keys (restic key list: id, user, host, created, current = Lifeboat's) and rotation",
    role: "admin",
    success: ok("{items: [{id, userName, hostName, created, current}], rotation}"),
  },
  {
    method: "post",
    path: "/destinations/{id}/keys",
    tag: "destinations",
    summary: "Add a key with a password you choose (adminPassword: your own password again; audited)",
    role: "admin",
    body: ZAddKey,
    success: created("the new key"),
  },
  {
    method: "delete",
    path: "/destinations/{id}/keys/{keyId}",
    tag: "destinations",
    summary: "Remove a key (never the last one, never Lifeboat's own: 409)",
    role: "admin",
    success: noContent,
  },
  {
    method: "post",
    path: "/destinations/{id}/keys/rotate",
    tag: "destinations",
    summary: "Rotate Lifeboat's key: add the new → open with it → store it → remove the old (a job)",
    role: "admin",
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "put",
    path: "/destinations/{id}/keys/schedule",
    tag: "destinations",
    summary: "Rotate Lifeboat's key every N days (null: off)",
    role: "admin",
    body: ZKeyRotationSchedule,
    success: ok("the keys view"),
  },
  {
    method: "get",
    path: "/key-rotations/{id}",
    tag: "destinations",
    summary: "One key rotation: status, step, old and new key ids, error",
    role: "admin",
    success: ok("KeyRotation"),
  },
  {
    method: "post",
    path: "/destinations/{id}/rekey",
    tag: "destinations",
    summary:
      "Re-key the repository: a new repository (new master key) next to the old one, every snapshot copied and " +
      "checked, then the destination switched to it; the old one is deleted after keepOldDays (a job; adminPassword)",
    role: "admin",
    body: ZRekeyRequest,
    success: { status: 202, description: "{id, jobId}" },
  },
  {
    method: "get",
    path: "/destinations/{id}/rekey",
    tag: "destinations",
    summary: "Re-key state: none/running/switched/done/failed, the repository's size, the old location and deleteAfter",
    role: "admin",
    success: ok("{state, location, repositoryBytes, snapshotCount, oldLocation, deleteAfter, latest}"),
  },
];
