import { AppError } from "@/lib/errors";

/** Console roles: "admin" changes settings, roles and discards deliveries; "office" reads and retries. */
export const STAFF_ROLES = ["admin", "office"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ADMIN_ONLY_MESSAGE = "Action réservée aux administrateurs";

/** A signed-in staff member, as every console page, action and core function receives it. */
export interface StaffSession {
  /** Lower case; the staff_members key. */
  email: string;
  /** Read from the database on every request: a role change applies at the next request. */
  role: StaffRole;
  name: string;
  hubspotOwnerId: string;
  sessionId: string;
  /** ms since epoch */
  signedInAt: number;
  /** signedInAt + 1 h */
  expiresAt: number;
  requestId?: string;
}

/** Core functions call this first: the role is enforced there, not only hidden in the UI. */
export function assertStaffRole(staff: Pick<StaffSession, "role">, role: StaffRole | undefined): void {
  if (role === "admin" && staff.role !== "admin") {
    throw new AppError("FORBIDDEN", `staff role ${staff.role} refused on an admin action`, { userMessage: ADMIN_ONLY_MESSAGE });
  }
}
