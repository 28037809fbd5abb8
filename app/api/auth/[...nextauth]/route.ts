import NextAuth from "next-auth";
import { authRouteAllowed } from "@/lib/auth/auth-routes";
import { getAuthOptions } from "@/lib/auth/options";

// Options are built per request: getEnv() must not run during `next build`.
type Context = { params: Promise<{ nextauth: string[] }> };
async function handler(req: Request, context: Context): Promise<Response> {
  const verdict = authRouteAllowed(req.method, (await context.params).nextauth ?? []);
  if (verdict !== "ok") {
    const status = verdict === "method" ? 405 : 404;
    const message = verdict === "method" ? "Méthode non autorisée." : "Adresse inconnue.";
    return Response.json({ error: verdict === "method" ? "method_not_allowed" : "not_found", message }, { status, headers: { "Cache-Control": "no-store" } });
  }
  return (NextAuth(getAuthOptions()) as (req: Request, ctx: Context) => Promise<Response>)(req, context);
}

export const dynamic = "force-dynamic";
export { handler as GET, handler as POST };
