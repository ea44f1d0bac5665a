/* The restic tags of PITR snapshots, as the reading side knows them (the contract with the WAL
 * stream, branch pitr-stream: WAL batches `lifeboat wal source:<id>`, base backups `lifeboat
 * basebackup source:<id> start-wal:<segment> timeline:<n>`, the base backup stored as `base.tar`).
 * The lead unifies these with lib/pitr/repository-layout.ts after merge. */
export const TAG_LIFEBOAT = "lifeboat";
export const TAG_WAL = "wal";
export const TAG_BASEBACKUP = "basebackup";
export const BASE_TAR_NAME = "base.tar";

export const sourceTag = (sourceId: string) => `source:${sourceId}`;
export const startWalTag = (segment: string) => `start-wal:${segment}`;
export const timelineTag = (timeline: number) => `timeline:${timeline}`;

/** The value of a `key:value` tag, or undefined. */
export function tagValue(tags: readonly string[], key: string): string | undefined {
  const t = tags.find((x) => x.startsWith(`${key}:`));
  return t?.slice(key.length + 1);
}
