import "server-only";
import { findActiveOwnerByEmail, type ActiveOwner } from "@/lib/hubspot/staff-directory";

/** Who is an active user of the HubSpot account (injected in tests; HubSpot's owners API otherwise). */
export interface StaffDirectory {
  findActiveOwnerByEmail(email: string, now: number): Promise<ActiveOwner | null>;
}

export type { ActiveOwner };

export const hubspotDirectory: StaffDirectory = {
  findActiveOwnerByEmail: (email, now) => findActiveOwnerByEmail(email, now),
};

export function ownerName(owner: Pick<ActiveOwner, "firstName" | "lastName" | "email">): string {
  return [owner.firstName, owner.lastName].filter(Boolean).join(" ") || owner.email;
}
