import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships wasm + extension bundles that must stay on disk next to the package
  // (bundled, `next build` passes but DB routes fail in production: stack-spike.md #5).
  serverExternalPackages: ["@electric-sql/pglite", "@hubspot/api-client", "pg"],
  // The embedded database lives under .data/: never trace it into the build output.
  outputFileTracingExcludes: { "/*": [".data/**/*"] },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
