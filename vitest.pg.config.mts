import { defineConfig } from "vitest/config";
import base from "./vitest.config.mjs";

// `npm run test:pg`: the database tests again, against a PostgreSQL server instead of PGlite
// (tests/support/db.ts reads TEST_DATABASE_URL). .ci/run runs it when a server answers locally.
process.env.TEST_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";

// Not mergeConfig: it would concatenate `include` with the main suite's patterns.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/db/**/*.test.ts"],
    exclude: ["node_modules/**"],
    // Each test file creates and drops its own database; keep the server's load modest.
    maxWorkers: 2,
  },
});
