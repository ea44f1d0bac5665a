/* The restore drill (issue 9 §4): test restores of backups into scratch targets, their schedule and
 * their alert condition. One operation per file; this barrel is what the rest of the app imports. */
export { createTestRestore, type CreateTestRestoreInput } from "./create-test-restore";
export { getTestRestore, latestTestRestoreByBackup, listTestRestores, ZListTestRestores } from "./list-test-restores";
export { testRestoreJob } from "./test-restore-job";
export { sweepScratchLeftovers } from "./scratch";
export { startTestRestoreScheduler, fireDueTestRestores } from "./schedule";
