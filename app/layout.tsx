/* Root layout: the html shell, global styles, the icons (public/favicon.ico for every browser, the SVG
 * logo where SVG icons work) and client providers (theme, React Query, tooltips, toasts). Fonts are the
 * system stack (no next/font/google: the build must work offline). Passes the CSP nonce (proxy.ts) to
 * the theme script. Panel chrome lives in
 * app/(panel)/layout.tsx; sign-in and setup pages render without it. */
import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lifeboat", template: "%s · Lifeboat" },
  description: "Backups you can restore",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/logo.svg", type: "image/svg+xml" },
    ],
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce of this response (proxy.ts); reading it also renders every page per request, which a
  // nonce needs (a prerendered page would carry no nonce).
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
