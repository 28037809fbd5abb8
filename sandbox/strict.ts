import { projectScopes } from "@/lib/hubspot/project";

/**
 * Behaviours where HubSpot is stricter than a kind emulator would be, each on by default (dev,
 * tests, benches) and switchable for diagnosis (environment at start, or `POST /_sandbox/strict`):
 *
 * - `batchMultiStatus` (SANDBOX_STRICT_BATCH=off to switch off): batch endpoints
 *   (`/crm/v3/objects/{type}/batch/read|update`, associations v4 `batch/read|create`) answer
 *   **207 Multi-Status** when some inputs failed, with `{status:"COMPLETE", results, numErrors,
 *   errors:[{status:"error", category, message, context:{ids:[…]}}]}` (HubSpot's
 *   BatchResponseSimplePublicObjectWithErrors). Off: the same body with 200.
 * - `stringValues` (SANDBOX_STRICT_STRINGS=off): every property value is a string or null, as
 *   HubSpot's `SimplePublicObject.properties` (`Record<string, string | null>`): numbers, booleans
 *   and dates are strings on the wire. Off: number and bool properties come back as JSON numbers
 *   and booleans, to see whether a problem depends on it.
 * - `refuseProperties` (SANDBOX_REFUSE_PROPERTIES=tickets.satisfaction_nps,…): custom properties the
 *   properties API refuses with HubSpot's 400 body, as a real account refuses a property its plan
 *   or the app's scopes do not allow (tests of `npm run hubspot:setup` carrying on).
 * - `scopes` (SANDBOX_TOKEN_SCOPES=a,b,…): the scopes the token introspection endpoints answer for
 *   the sandbox's token; default: the `requiredScopes` of the committed HubSpot project
 *   (hubspot/src/app/app-hsmeta.json), i.e. an app installed exactly as the repository declares it.
 */
export interface Strictness {
  batchMultiStatus: boolean;
  stringValues: boolean;
  refuseProperties: string[];
  scopes: string[];
}

const off = (value: string | undefined) => value !== undefined && ["off", "0", "false", "no"].includes(value.trim().toLowerCase());
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

export function strictnessFromEnv(env: Record<string, string | undefined> = process.env): Strictness {
  const scopes = list(env.SANDBOX_TOKEN_SCOPES);
  return {
    batchMultiStatus: !off(env.SANDBOX_STRICT_BATCH),
    stringValues: !off(env.SANDBOX_STRICT_STRINGS),
    refuseProperties: list(env.SANDBOX_REFUSE_PROPERTIES),
    scopes: scopes.length > 0 ? scopes : projectScopes(),
  };
}

/** Applies `POST /_sandbox/strict` `{batchMultiStatus?, stringValues?, refuseProperties?, scopes?}`. */
export function updateStrictness(current: Strictness, body: Record<string, unknown>): Strictness {
  const next = { ...current };
  if (typeof body.batchMultiStatus === "boolean") next.batchMultiStatus = body.batchMultiStatus;
  if (typeof body.stringValues === "boolean") next.stringValues = body.stringValues;
  if (Array.isArray(body.refuseProperties)) next.refuseProperties = body.refuseProperties.map(String);
  if (Array.isArray(body.scopes)) next.scopes = body.scopes.map(String);
  return next;
}

/** A property value as the sandbox puts it on the wire. */
export function wireValue(value: unknown, type: string | undefined, strict: Strictness): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : String(value);
  if (strict.stringValues) return text;
  if (type === "number" && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (type === "bool" && (text === "true" || text === "false")) return text === "true";
  return text;
}
