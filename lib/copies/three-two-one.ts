/* The 3-2-1 status of an environment (the dashboard): how many places hold its backups (its own
 * destinations plus its copy targets), on how many kinds of storage (destination types), and whether one
 * is off-site (any destination that is not a folder on this server). With the live data itself that is
 * the rule's three copies when backups are in two places. Pure. */
export type ThreeTwoOne = {
  /** Places holding backups (primaries + copy targets). */
  places: number;
  /** Distinct destination types among them. */
  types: number;
  offsite: boolean;
  met: boolean;
  /** In words, for a chip's title. */
  summary: string;
};

export function threeTwoOne(
  primaryIds: string[],
  copyIds: string[],
  typeOf: (destinationId: string) => string | undefined,
): ThreeTwoOne {
  const ids = [...new Set([...primaryIds, ...copyIds])].filter((id) => typeOf(id));
  const types = new Set(ids.map((id) => typeOf(id)!));
  const offsite = ids.some((id) => typeOf(id) !== "local");
  const met = ids.length >= 2 && types.size >= 2 && offsite;
  const summary = met
    ? `3-2-1 met: the live data and backups in ${ids.length} places, on ${types.size} kinds of storage, one off-site.`
    : `3-2-1 not met: backups in ${ids.length} place(s), ${types.size} kind(s) of storage, ${offsite ? "one" : "none"} off-site. Add a copy target (Backup settings → Copy to) on another kind of storage, off this server.`;
  return { places: ids.length, types: types.size, offsite, met, summary };
}
