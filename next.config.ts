/* Next.js configuration. Native and database packages stay external to the server bundle; the
 * build directory can be moved (LIFEBOAT_DIST_DIR) so parallel test runs do not share one. Static
 * security headers for every non-API path (lib/http/security-headers.ts; the CSP comes from proxy.ts). */
import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  distDir: process.env.LIFEBOAT_DIST_DIR || ".next",
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "argon2", "pino", "archiver", "pdfkit"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
  // The fixed security headers on everything but /api/* and /metrics (pages also get a CSP from proxy.ts).
  async headers() {
    return [{ source: "/:path((?!api/|metrics$|metrics/).*)", headers: STATIC_SECURITY_HEADERS }];
  },
};

export default nextConfig;
