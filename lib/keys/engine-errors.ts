/* Engine failures of key operations as AppErrors a user can act on (never a 500 for a repository that
 * is unreachable or refuses the password). */
import "server-only";
import { KeyNotFound, RepoNotFound, RepoUnreachable, ResticError, WrongPassword } from "@/lib/engine";
import { AppError } from "@/lib/errors";

export function keyAppError(e: unknown, name: string): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof KeyNotFound) return new AppError("not_found", "This key is not in the repository (any more).");
  if (e instanceof WrongPassword)
    return new AppError(
      "unprocessable",
      `The password Lifeboat holds does not open the repository of "${name}". Verify the destination.`,
    );
  if (e instanceof RepoUnreachable || e instanceof RepoNotFound)
    return new AppError("unprocessable", `The repository of "${name}" cannot be reached: ${e.message}`);
  if (e instanceof ResticError) return new AppError("unprocessable", e.message);
  return e;
}
