/* Destinations: where backups go (local folder, S3-compatible, SFTP, REST), as restic repositories.
 * repoForDestination turns a DestinationSpec into the engine's Repo (writing CA/SSH files under the data
 * directory); verifyDestination tells exactly what is wrong with one, or initialises it. */
export {
  type DestinationSpec,
  type DestinationType,
  DestinationConfigInvalid,
  describeDestination,
  ZLocalConfig,
  ZS3Config,
  ZS3Secrets,
  ZSftpConfig,
  ZSftpSecrets,
  ZRestConfig,
  ZRestSecrets,
} from "./config";
export type { DestinationProblem } from "./classify";
export { repoForDestination, planRepo, type RepoFile, type RepoPlan } from "./repo-for-destination";
export { verifyDestination, type VerifyResult } from "./verify-destination";
export { listS3Keys, removeS3RepositoryOf, S3NotARepository } from "./s3-remove";
export { listRestFiles, removeRestRepositoryOf, RestNotARepository } from "./rest-remove";
export { removeSftpRepositoryOf, SftpNotARepository, type SftpRemoval } from "./sftp-remove";
