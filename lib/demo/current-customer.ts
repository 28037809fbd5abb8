import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { findContactIdByEmail } from "@/lib/hubspot/queries";

/**
 * TEMPORARY, until sign-in lands: which customer the home page shows. Delete this file when
 * `requireCustomer()` exists; the page then takes the contact id from the session.
 *
 * Only in sandbox mode (fictitious data): with a real HubSpot account nobody's data is shown to
 * an anonymous visitor. `?client=` picks another customer of the sandbox by email or contact id.
 */

/** The first demo identity of the sandbox seed (sandbox/seed/index.ts DEMO_CUSTOMERS; a test keeps them equal). */
export const DEMO_CUSTOMER_EMAIL = "camille.martin@example.fr";

const clientParam = z.union([z.string().regex(/^\d{1,18}$/), z.email().max(254)]);

// A search per page view would defeat the read cache (and HubSpot's 5 searches/s), so the
// email → id look-up is remembered for the process; ids are stable within a sandbox state.
const lookups = new Map<string, { id: string | null; at: number }>();
const LOOKUP_TTL_MS = 10 * 60_000;

async function contactIdForEmail(email: string): Promise<string | null> {
  const key = email.toLowerCase();
  const hit = lookups.get(key);
  if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return hit.id;
  const id = await findContactIdByEmail(key);
  lookups.set(key, { id, at: Date.now() });
  return id;
}

/** Forget remembered look-ups (after a sandbox reset gave the customer another id). */
export function forgetDemoLookups(): void {
  lookups.clear();
}

export type DemoSelection = { mode: "sandbox"; contactId: string | null } | { mode: "real" };

export async function selectDemoCustomer(client: string | string[] | undefined): Promise<DemoSelection> {
  if (!getEnv().sandbox) return { mode: "real" };
  const raw = Array.isArray(client) ? client[0] : client;
  const parsed = raw === undefined ? undefined : clientParam.safeParse(raw.trim());
  if (parsed?.success) {
    const value = parsed.data;
    return { mode: "sandbox", contactId: /^\d+$/.test(value) ? value : await contactIdForEmail(value) };
  }
  if (raw !== undefined) return { mode: "sandbox", contactId: null };
  return { mode: "sandbox", contactId: await contactIdForEmail(DEMO_CUSTOMER_EMAIL) };
}
