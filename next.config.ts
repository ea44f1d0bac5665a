/* Next.js configuration. Native and database packages stay external to the server bundle; the
 * build directory can be moved (LIFEBOAT_DIST_DIR) so parallel test runs do not share one. */
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  distDir: process.env.LIFEBOAT_DIST_DIR || ".next",
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "argon2", "pino", "archiver", "pdfkit"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
