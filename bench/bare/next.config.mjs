/**
 * The load bench's bare baseline (bench/load.ts): a second Next.js app, built with the portal's own
 * `next` (same version, same `next build` mode) and served by `next start` like the portal. Its build
 * goes to `.next-bench-bare/` at the repository root (ignored by git, ESLint and TypeScript).
 *
 * It keeps what every portal page pays whatever its content, so the ratios measure the portal's own
 * work: the security headers of next.config.ts, a proxy that sets the per-request nonce CSP (as
 * proxy.ts does on every page) and a page rendered at request time. It has no data, no session,
 * no translations and no stylesheet.
 */
const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const config = {
  distDir: "../../.next-bench-bare",
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
