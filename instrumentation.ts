/* Next.js start-up hook: in the Node.js runtime, bring the installation up (migrations, default
 * destination, admin from the environment) before the first request. Background services (worker,
 * scheduler) are started after bootstrap from here too. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Nothing printed to the console may carry a secret (Next.js logs render errors with their messages).
  const { installConsoleRedaction } = await import("@/lib/console-redaction");
  installConsoleRedaction();
  // From here on every request carries its TCP peer address (sign-in limits without a proxy); TRACE → 405.
  const { installServerRequestHook } = await import("@/lib/http/server-request-hook");
  installServerRequestHook();
  const { bootstrap } = await import("@/lib/bootstrap");
  await bootstrap();
  // The embedded worker and the scheduler (lib/job-kinds.ts; LIFEBOAT_EMBEDDED_WORKER / LIFEBOAT_SCHEDULER).
  // A failure is logged, not thrown: the panel stays up so the problem can be seen and fixed.
  const { startBackgroundServices } = await import("@/lib/job-kinds");
  await startBackgroundServices().catch((e: Error) => console.error(`Background jobs did not start: ${e.message}`));
}
