import { fr } from "zod/locales";

/**
 * zod's own messages in French where a schema sets none (hostile input: a number instead of an
 * object, a missing field…); the schemas' French messages keep precedence. Per parse, not global.
 * Browser-safe (forms' resolvers use it too). The named import matters: `z.locales.fr()` anywhere
 * in the browser's graph keeps zod's 47 locales in every page's JavaScript (≈ 60 kB gzip; the
 * bundler's export usage is global to the build).
 */
export const FRENCH_ZOD_ERRORS = { error: fr().localeError };
