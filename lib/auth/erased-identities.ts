import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { erasedIdentities } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";

/**
 * After an erasure the HubSpot contact is gone, so a sign-in with the same email or phone would
 * find no contact and create a new one. To keep sign-in blocked, the erased identities are kept
 * as keyed HMACs (under a key derived from AUTH_SECRET): unreadable, but a sign-in can be matched.
 */
let cached: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = getEnv().authSecret;
  if (!secret) throw new Error("AUTH_SECRET is required to match erased identities");
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "erased-identity", "duret-portal erased identity v1", 32)) };
  return cached.key;
}

/** `identity`: a normalised email (lower case) or an E.164 phone number, as sign-in has them. */
export function erasedIdentityHash(identity: string): string {
  return createHmac("sha256", key()).update(identity.trim().toLowerCase(), "utf8").digest("base64url");
}

export async function isErasedIdentity(db: Db, identity: string): Promise<boolean> {
  const [row] = await db
    .select({ h: erasedIdentities.identityHash })
    .from(erasedIdentities)
    .where(eq(erasedIdentities.identityHash, erasedIdentityHash(identity)))
    .limit(1);
  return Boolean(row);
}
