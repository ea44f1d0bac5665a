/* The data of an environment's DR runbook as the page prints it (browser-safe types only). No secret
 * ever appears here: commands refer to $RESTIC_PASSWORD and friends, whose values are in the recovery
 * kit an admin downloads from the destination. */

export type RunbookSource = { id: string; name: string; type: string; where: string };

export type RunbookDestination = {
  id: string;
  name: string;
  where: string;
  /** `export NAME=value` lines; secret values are shown as "<from the recovery kit>". */
  env: { name: string; value: string | null }[];
  /** Files the commands need (CA, SSH key, known_hosts): where they go and what they are. */
  files: { path: string; what: string }[];
  /** Bare-restic commands, secrets replaced by $VARIABLES ("# name (type)" lines label the next one). */
  commands: string[];
  /** Set when the commands could not be built (e.g. the destination's settings are incomplete). */
  problem?: string;
};

export type Runbook = {
  environment: { id: string; name: string; projectName: string; type: string; critical: boolean };
  sources: RunbookSource[];
  /** The newest good backup (verified when its verification passed) to restore. */
  backup: { id: string; finishedAt: string; verification: string | null } | null;
  restoreCurl: string | null;
  destinations: RunbookDestination[];
};
