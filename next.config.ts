import type { NextConfig } from "next";
import { FILE_CSP, FILE_ROUTE_SOURCES } from "./lib/uploads/file-csp";

const isProduction = process.env.NODE_ENV === "production";

// Static security headers for every path, API routes and files included.
// The per-request script nonce CSP belongs to proxy.ts (it needs dynamic rendering); this
// baseline policy already forbids framing, plugins and <base> hijacking everywhere.
const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  ...(isProduction ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  // PGlite ships wasm + extension bundles that must stay on disk next to the package
  // (bundled, `next build` passes but the database routes fail in production).
  serverExternalPackages: ["@electric-sql/pglite", "@hubspot/api-client", "pg", "sharp", "rate-limiter-flexible"],
  // The embedded database and sandbox state live under .data/: never trace them into the build.
  outputFileTracingExcludes: { "/*": [".data/**/*", ".next-e2e/**/*"] },
  // lib/documents/pdf/fonts.ts reads DejaVu Sans from node_modules at run time (never bundled); so does
  // lib/geo/communes.ts France's communes (8.6 MB: read once per process, on first use) and their centres.
  outputFileTracingIncludes: {
    "/*": [
      "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
      "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
      "node_modules/@etalab/decoupage-administratif/data/communes.json",
      "node_modules/@etalab/decoupage-administratif/data/departements.json",
      "lib/geo/data/centres.json",
    ],
  },
  // The e2e suite builds into its own directory so it never collides with a developer's `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // The dev-tools badge sits on top of the phone tab bar; the demo is shown on phones.
  devIndicators: false,
  reactStrictMode: true,
  // Every page's <title> in the <head> of its first bytes, for every browser: Next streams generateMetadata's
  // result into the body otherwise (bots excepted), and the tab, a screen reader's first announcement and
  // an accessibility scan could meet a page without a title. Our metadata is read from memory (i18n,
  // settings): blocking on it costs nothing measurable.
  htmlLimitedBots: /.*/,
  // Not `experimental.inlineCss`: it put the stylesheet in a <style> AND again in the page's inline RSC
  // data (≈ 39 kB twice), 3× the HTML of a signed-in page and +35–40 % server CPU per view, on every
  // view, for a first-visit LCP gain only (a linked stylesheet is cached after the first page). Measured
  // in bench/README.md (issue 19).
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // The document page previews its own PDF in an iframe: that route only may be framed, by the
      // portal itself (a later rule overrides the same header keys of an earlier one).
      {
        source: "/api/documents/:kind/:id/pdf",
        headers: [
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'self'; object-src 'none'; base-uri 'none'; form-action 'self'" },
        ],
      },
      // A customer's files as they are (photos, attachments, reports): nothing runs, sandboxed. Set
      // here because Next drops a handler's header that next.config already set.
      ...FILE_ROUTE_SOURCES.map((source) => ({ source, headers: [{ key: "Content-Security-Policy", value: FILE_CSP }] })),
    ];
  },
};

export default nextConfig;
