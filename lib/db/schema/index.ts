/* Barrel of the whole schema: drizzle-kit generates migrations from it and the client is typed by it. */
export * from "./users";
export * from "./sessions";
export * from "./audit";
export * from "./projects";
export * from "./environments";
export * from "./sources";
export * from "./destinations";
export * from "./backup-settings";
export * from "./backups";
export * from "./restores";
export * from "./jobs";
export * from "./schedules";
export * from "./app-settings";
export * from "./alerts";
export * from "./channels";
export * from "./proof";
export * from "./alert-rules";
