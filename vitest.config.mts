import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests: embedded PGlite and ephemeral sandboxes only, so `npm test`
// passes on a fresh laptop with nothing else running.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
      // `server-only` throws outside React Server Components; tests are server code.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "tests/support/empty.ts") },
    ],
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "lib/**/*.test.ts", "sandbox/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/pg/**", "node_modules/**"],
    // Time limits catch a hang, they measure nothing: a test's own assertions never depend on the
    // machine's speed, and a loaded 2-core machine can be 10 times slower than an idle one
    // (creating a PGlite database, sharp, a child process, a sandbox round trip).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
