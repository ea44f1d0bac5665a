/* Sources: what is backed up in an environment (postgres, mysql, sqlite, directory, command). */
export { ZCreateSource, type TCreateSource, createSource } from "./create-source";
export { ZUpdateSource, type TUpdateSource, updateSource } from "./update-source";
export { deleteSource } from "./delete-source";
export { getSource, listSourceNames, listSources, type SourceName } from "./get-source";
export { loadSourceSpec } from "./load-source-spec";
export type { SourceView } from "./source-view";
export * from "./source-config";
