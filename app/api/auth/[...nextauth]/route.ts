import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

// Options are built per request: getEnv() must not run during `next build`.
type Context = { params: Promise<{ nextauth: string[] }> };
async function handler(req: Request, context: Context): Promise<Response> {
  return (NextAuth(getAuthOptions()) as (req: Request, ctx: Context) => Promise<Response>)(req, context);
}

export const dynamic = "force-dynamic";
export { handler as GET, handler as POST };
