import { HubSpotError, validation } from "@/sandbox/errors";
import type { Router } from "@/sandbox/http/router";
import type { SandboxStore } from "@/sandbox/store";
import { bodyObject } from "@/sandbox/routes/common";

/** The ids the sandbox answers for its one app and account (HUBSPOT_PORTAL_ID's default). */
const HUB_ID = 24100001;
const APP_ID = 4100001;
const USER_ID = 4100002;

/**
 * Token introspection, as HubSpot documents it:
 * - `POST /oauth/v2/private-apps/get/access-token-info` `{tokenKey}` → `{userId, hubId, appId,
 *   scopes}`: static tokens (legacy private apps and project apps with static auth, which is what
 *   the portal uses);
 * - `GET /oauth/v1/access-tokens/{token}` → `{token, user_id, hub_id, app_id, scopes, token_type,
 *   expires_in, …}`: OAuth access tokens.
 * The scopes are the sandbox's (sandbox/strict.ts: the committed project's requiredScopes). HubSpot
 * does not document the answer for an unknown token; modelled as its usual 401 error body.
 */
export function registerOAuthRoutes(router: Router, store: SandboxStore, token: string): void {
  const unknownToken = () => new HubSpotError(401, "INVALID_AUTHENTICATION", "The access token is invalid, expired or not found");
  router.post("/oauth/v2/private-apps/get/access-token-info", async (ctx) => {
    const body = bodyObject(await ctx.readJson());
    if (typeof body.tokenKey !== "string" || !body.tokenKey) throw validation("tokenKey is required", [{ message: "tokenKey is required", in: "tokenKey", code: "REQUIRED" }]);
    if (body.tokenKey !== token) throw unknownToken();
    return { status: 200, body: { userId: USER_ID, hubId: HUB_ID, appId: APP_ID, scopes: [...store.strictness.scopes] } };
  });
  router.get("/oauth/v1/access-tokens/:token", (ctx) => {
    if (ctx.params.token !== token) throw unknownToken();
    return {
      status: 200,
      body: {
        token,
        user: "sandbox@example.fr",
        hub_domain: "sandbox.duret-electricite.fr",
        scopes: [...store.strictness.scopes],
        hub_id: HUB_ID,
        app_id: APP_ID,
        expires_in: 1800,
        user_id: USER_ID,
        token_type: "access",
        is_private_distribution: true,
      },
    };
  });
}
