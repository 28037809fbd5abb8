import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: migrations are applied by lib/db/migrate.ts
// (drizzle-kit migrate cannot load PGlite extensions: stack-spike.md #10).
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
