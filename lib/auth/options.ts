import "server-only";
import { randomBytes } from "node:crypto";
import type { AuthOptions, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { attemptCookieName, callbackCookieName, cookieOptions, csrfCookieName, sessionCookieName } from "./cookies";
import { encodeSignInFailure } from "./messages";
import { clientIp, preferredLocale, readCookie } from "./request-context";
import { resolveContactForIdentity } from "./resolve-contact";
import { SESSION_MAX_AGE_MS, checkSessionClaims, readSessionClaims, type SessionClaims } from "./session-core";
import { verifySignIn, type VerifySignInInput } from "./verify-sign-in";

/** What authorize() hands to the jwt callback. */
interface SignedInUser extends User {
  contactId: string;
  channel: "email" | "sms";
  identity: string;
  locale: "fr" | "en";
}

export interface AuthDeps {
  db: () => Promise<Db>;
  now: () => number;
  resolveContact: (channel: "email" | "sms", identity: string) => Promise<string>;
}

const defaultDeps: AuthDeps = { db: getDb, now: Date.now, resolveContact: resolveContactForIdentity };

type AuthorizeRequest = { headers?: Record<string, unknown> };

async function authorizeWith(deps: AuthDeps, input: VerifySignInInput, req: AuthorizeRequest): Promise<SignedInUser> {
  const headers = (req.headers ?? {}) as Record<string, string | undefined>;
  const result = await verifySignIn({ db: await deps.db(), ip: clientIp(headers), now: deps.now, resolveContact: deps.resolveContact }, input);
  // next-auth passes a thrown error's message to the page as `error`: a short code, never details.
  if (!result.ok) throw new Error(encodeSignInFailure(result.code, result.remainingTries));
  const { contactId, channel, identity } = result.user;
  return { id: contactId, contactId, channel, identity, locale: preferredLocale(headers) };
}

/**
 * next-auth configuration. Sessions are JWTs (encrypted, HKDF of AUTH_SECRET) that die 1 hour after
 * sign-in whatever the activity: next-auth's own expiry slides on every /api/auth/session call, so
 * the sign-in time is a claim of its own, checked here and in getCustomerSession().
 */
export function buildAuthOptions(deps: AuthDeps = defaultDeps): AuthOptions {
  const env = getEnv();
  const site = env.SITE_URL;
  const options = cookieOptions(site);
  return {
    secret: env.authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_MS / 1000 },
    pages: { signIn: "/connexion", error: "/connexion" },
    cookies: {
      sessionToken: { name: sessionCookieName(site), options },
      csrfToken: { name: csrfCookieName(site), options },
      callbackUrl: { name: callbackCookieName(site), options },
    },
    providers: [
      CredentialsProvider({
        id: "email-link",
        name: "Lien par e-mail",
        credentials: { attemptId: { type: "text" }, token: { type: "text" } },
        authorize: (credentials, req) =>
          authorizeWith(deps, { channel: "email", attemptId: credentials?.attemptId, token: credentials?.token }, req as AuthorizeRequest),
      }),
      CredentialsProvider({
        id: "sms-code",
        name: "Code par SMS",
        credentials: { code: { type: "text" } },
        authorize: (credentials, req) => {
          const headers = ((req as AuthorizeRequest).headers ?? {}) as Record<string, string | undefined>;
          // The attempt id comes from the HttpOnly cookie set when the code was sent, not from the form.
          const attemptId = readCookie(headers, attemptCookieName(site));
          return authorizeWith(deps, { channel: "sms", attemptId, code: credentials?.code }, req as AuthorizeRequest);
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as SignedInUser;
          const claims: SessionClaims = {
            contactId: u.contactId,
            sessionId: randomBytes(18).toString("base64url"),
            signedInAt: deps.now(),
            channel: u.channel,
            identity: u.identity,
            locale: u.locale,
          };
          // Only our claims: next-auth's defaults (name, email, picture) are not needed.
          return { sub: u.contactId, ...claims } as JWT;
        }
        const claims = readSessionClaims(token);
        const session = claims ? await checkSessionClaims(await deps.db(), claims, deps.now()) : null;
        // Throwing (not returning null) is what makes next-auth 4 clear the cookie AND answer an
        // empty session: its session route catches the error and sends the cleared cookie.
        if (!session) throw new Error("session expired or revoked");
        return token;
      },
      session({ token }) {
        const claims = readSessionClaims(token);
        if (!claims) return { expires: new Date(0).toISOString() } as Session;
        // The browser learns when the session ends, not who is behind it beyond what it needs.
        return { expires: new Date(claims.signedInAt + SESSION_MAX_AGE_MS).toISOString(), user: { contactId: claims.contactId } } as unknown as Session;
      },
    },
  };
}

/**
 * next-auth reads NEXTAUTH_URL from process.env to build its URLs and check redirects; it must be
 * the configured SITE_URL, never a Host header. This is the one place that sets it.
 */
export function getAuthOptions(): AuthOptions {
  const env = getEnv();
  process.env.NEXTAUTH_URL = new URL("/api/auth", env.SITE_URL).toString();
  return buildAuthOptions();
}
