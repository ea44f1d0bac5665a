/* Secrets at rest: AES-256-GCM with a master key from LIFEBOAT_SECRET_KEY or <dataDir>/secret.key. */
export { sealSecret, openSecret, sealJson, openJson, isSealed } from "./seal";
export { masterKey, keyFilePath, type MasterKey } from "./master-key";
