/* Test connection for sources: is the database reachable, are the credentials right, does the database
 * exist, does the dump tool fit the server; does the folder or SQLite file exist and can it be read. */
export { ZTestSource, type TTestSource } from "./schema";
export { testSourceSettings, testSavedSource } from "./test-source-settings";
export type { CheckStatus, SourceCheck, SourceTestFacts, SourceTestResult } from "./result";
