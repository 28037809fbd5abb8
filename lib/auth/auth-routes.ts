/**
 * The next-auth endpoints the portal uses, and nothing else: next-auth answers the others with its
 * own English texts or a 500 (GET /api/auth/callback/email-link: "Callback for provider type
 * credentials not supported"; /api/auth/callback/github: 400). The sign-in pages call
 * `signIn("email-link" | "sms-code")` from next-auth/react (providers, csrf, then POST callback);
 * sign-out is the portal's own action; signin and error redirect to /connexion.
 */
const PROVIDERS = new Set(["email-link", "sms-code"]);

const ROUTES: Record<string, readonly string[]> = {
  providers: ["GET"],
  csrf: ["GET"],
  session: ["GET", "POST"],
  signin: ["GET"],
  error: ["GET"],
  _log: ["POST"],
};

export type AuthRouteVerdict = "ok" | "not_found" | "method";

export function authRouteAllowed(method: string, segments: readonly string[]): AuthRouteVerdict {
  const [action, provider, ...rest] = segments;
  if (!action || rest.length > 0) return "not_found";
  if (action === "callback") {
    if (!provider || !PROVIDERS.has(provider)) return "not_found";
    return method === "POST" ? "ok" : "method";
  }
  const methods = ROUTES[action];
  if (!methods || provider !== undefined) return "not_found";
  return methods.includes(method) ? "ok" : "method";
}
