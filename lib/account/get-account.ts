import "server-only";
import { currentDb } from "@/lib/db/current";
import type { SavedAddress } from "@/lib/model/types";
import { listAddresses } from "./addresses";
import { maskTarget } from "./erasure";
import { latestExport, type ExportStatus } from "./export-data";
import { readPreferences } from "@/lib/notifications/preferences";
import type { NotificationPreferences } from "./schemas";
import { getCustomerWithPending } from "./update-contact-details";
import { liveVerifications } from "./verification-codes";

export interface AccountPendingCode {
  verificationId: string;
  purpose: "email-change" | "phone-change" | "erasure";
  channel: "email" | "sms";
  /** The new email/phone for a change (the customer typed it), masked for an erasure. */
  target: string;
  expiresAt: string;
}

export interface Account {
  customer: Awaited<ReturnType<typeof getCustomerWithPending>>;
  addresses: SavedAddress[];
  preferences: NotificationPreferences;
  pendingCodes: AccountPendingCode[];
  latestExport: ExportStatus | null;
}

/** Everything the Compte page shows, for the session's contact only. */
export async function getAccount(contactId: string, now = Date.now()): Promise<Account> {
  const db = await currentDb();
  const [customer, addresses, preferences, codes, exportStatus] = await Promise.all([
    getCustomerWithPending(contactId),
    listAddresses(contactId),
    readPreferences(db, contactId),
    liveVerifications(db, contactId, now),
    latestExport(contactId, now),
  ]);
  const seen = new Set<string>();
  const pendingCodes: AccountPendingCode[] = [];
  for (const c of codes) {
    if (seen.has(c.purpose)) continue; // newest per purpose
    seen.add(c.purpose);
    const channel = c.channel as "email" | "sms";
    pendingCodes.push({
      verificationId: c.id,
      purpose: c.purpose as AccountPendingCode["purpose"],
      channel,
      target: c.purpose === "erasure" ? maskTarget(channel, c.target) : c.target,
      expiresAt: c.expiresAt.toISOString(),
    });
  }
  return { customer, addresses, preferences, pendingCodes, latestExport: exportStatus };
}
