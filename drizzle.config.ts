import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: the portal applies migrations itself when it opens the
// database (getDbHandle; `npm run db:migrate` runs just that), because drizzle-kit migrate cannot
// load PGlite extensions (btree_gist).
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
