/* Verifies a destination that is not saved yet (the "Verify" button of the add-destination form on the
 * Backup Settings screen): reachable, TLS trusted, credentials accepted, bucket there, and nothing else's
 * restic repository already at that location. Admin only, like creating one (the action checks it). Never initialises and never
 * writes to the database: the repository is created by the first verify or backup of the saved
 * destination. The engine's verifyDestination does the probing; secrets only travel inside the spec. */
import "server-only";
import { AppError } from "@/lib/errors";
import { DestinationConfigInvalid, verifyDestination, type DestinationSpec } from "@/lib/engine";
import { env } from "@/lib/env";
import { generateRepoPassword } from "./create-destination";
import {
  splitRepositoryPassword,
  type TVerifyDestinationInput,
  type UnsavedDestinationVerifyResult,
  ZVerifyDestinationInput,
} from "./schema";

export { ZVerifyDestinationInput, type TVerifyDestinationInput, type UnsavedDestinationVerifyResult };

export async function verifyDestinationInput(input: TVerifyDestinationInput): Promise<UnsavedDestinationVerifyResult> {
  const d = ZVerifyDestinationInput.parse(input);
  // An unsaved destination has no repository password yet; a fresh one proves reachability,
  // credentials and bucket, and "wrong_password" then means another repository already lives there.
  const { repositoryPassword, providerSecrets } = splitRepositoryPassword(d.secrets as Record<string, unknown>);
  const spec: DestinationSpec = {
    type: d.type,
    config: d.config,
    ...(Object.keys(providerSecrets).length ? { secrets: providerSecrets } : {}),
    repoPassword: repositoryPassword ?? generateRepoPassword(),
  };
  let r: Awaited<ReturnType<typeof verifyDestination>>;
  try {
    r = await verifyDestination(spec, { dataDir: env().dataDir, init: false, timeoutMs: 30_000 });
  } catch (e) {
    if (e instanceof DestinationConfigInvalid) {
      throw new AppError(
        "unprocessable",
        `Destination ${d.name} is not configured correctly: ${e.message}. Correct it and try again.`,
      );
    }
    throw e;
  }
  if (r.ok) return { ok: true, initialized: r.initialized };
  if (r.problem === "wrong_password" && repositoryPassword) {
    return {
      ok: false,
      problem: r.problem,
      message: "There is a restic repository at this location, and the repository password does not open it.",
    };
  }
  if (r.problem === "wrong_password") {
    return {
      ok: false,
      problem: r.problem,
      message:
        "There is already a restic repository at this location that Lifeboat did not create. Choose an empty bucket, prefix or folder, or enter its repository password to adopt it.",
    };
  }
  return { ok: false, problem: r.problem, message: r.message };
}
