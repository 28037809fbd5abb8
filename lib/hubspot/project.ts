import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The committed HubSpot project (hubspot/, deployed with HubSpot's CLI): the one place that says
 * which scopes the app has. `npm run hubspot:check` compares the token's scopes with it and the
 * sandbox's token introspection answers them.
 */
export const PROJECT_APP_FILE = path.join("hubspot", "src", "app", "app-hsmeta.json");

/** The app's `requiredScopes` (empty when the file is missing or unreadable). */
export function projectScopes(root = process.cwd()): string[] {
  try {
    const app = JSON.parse(readFileSync(path.join(root, PROJECT_APP_FILE), "utf8")) as { config?: { auth?: { requiredScopes?: unknown } } };
    const scopes = app.config?.auth?.requiredScopes;
    return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}
