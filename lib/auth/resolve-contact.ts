import "server-only";
import { findContactIdByEmail, findContactIdByPhone } from "@/lib/hubspot/queries";
import { createAssociatedObject } from "@/lib/hubspot/writes";

/**
 * The HubSpot contact behind a verified identity. A verified identity with no contact becomes a
 * new contact (lifecycle stage "lead") so a new customer can book or ask for a quote.
 * Runs only after the link or code was verified: probing identities never creates contacts.
 */
export async function resolveContactForIdentity(channel: "email" | "sms", identity: string): Promise<string> {
  const find = () => (channel === "email" ? findContactIdByEmail(identity) : findContactIdByPhone(identity));
  const existing = await find();
  if (existing) return existing;
  const properties: Record<string, string> =
    channel === "email" ? { email: identity, lifecyclestage: "lead" } : { mobilephone: identity, phone: identity, lifecyclestage: "lead" };
  try {
    // TODO(lib/hubspot owner): a dedicated createContact write; a contact has no associations here.
    const created = await createAssociatedObject({ type: "contacts", properties, associations: [] });
    return created.id;
  } catch (error) {
    // Two first sign-ins of one new identity at once: HubSpot refuses the duplicate email (409);
    // the other one's contact is the right answer.
    const again = await find();
    if (again) return again;
    throw error;
  }
}
