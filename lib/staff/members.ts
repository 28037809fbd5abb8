import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { staffMembers } from "@/lib/db/schema";
import { DEMO_STAFF_ADMIN, DEMO_STAFF_TOTP_SECRET } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordStaffAudit } from "./audit";
import type { ActiveOwner } from "./directory";
import { assertStaffRole, STAFF_ROLES, type StaffRole, type StaffSession } from "./roles";
import { sealTotpSecret } from "./secret-box";

export type StaffMemberRow = typeof staffMembers.$inferSelect;

export function isEnvAdmin(email: string, adminEmails: readonly string[]): boolean {
  return adminEmails.includes(email.toLowerCase());
}

/**
 * The member row of an active HubSpot user asking to sign in (inside the caller's transaction):
 * created on the first request as "office", or "admin" when STAFF_ADMIN_EMAILS names them (the
 * list wins at every sign-in: the bootstrap administrators cannot be locked out by a role change).
 * On the sandbox demo only, the demo identity is created already enrolled with its fixed secret.
 */
export async function upsertMemberForSignIn(
  tx: Db,
  input: { owner: ActiveOwner; adminEmails: readonly string[]; demo: boolean; authSecret: string; now: number },
): Promise<void> {
  const email = input.owner.email;
  const envAdmin = isEnvAdmin(email, input.adminEmails);
  const demoIdentity = input.demo && email === DEMO_STAFF_ADMIN;
  const at = new Date(input.now);
  await tx
    .insert(staffMembers)
    .values({
      email,
      hubspotOwnerId: input.owner.ownerId,
      hubspotUserId: input.owner.userId,
      role: envAdmin ? "admin" : "office",
      ...(demoIdentity ? { totpSecret: sealTotpSecret(DEMO_STAFF_TOTP_SECRET, input.authSecret), totpEnrolledAt: at } : {}),
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: staffMembers.email,
      set: {
        hubspotOwnerId: input.owner.ownerId,
        hubspotUserId: input.owner.userId,
        ...(envAdmin ? { role: "admin" } : {}),
        updatedAt: at,
      },
    });
}

export interface StaffMemberView {
  email: string;
  role: StaffRole;
  enrolled: boolean;
  /** Named by STAFF_ADMIN_EMAILS: administrator whatever is changed here. */
  bootstrapAdmin: boolean;
  createdAt: Date;
}

/** The console's team (any signed-in member may read it; only an administrator changes roles). */
export async function listStaffMembers(db: Db, staff: StaffSession, adminEmails: readonly string[]): Promise<StaffMemberView[]> {
  assertStaffRole(staff, undefined);
  const rows = await db.select().from(staffMembers).orderBy(asc(staffMembers.email));
  return rows.map((r) => ({
    email: r.email,
    role: r.role === "admin" ? "admin" : "office",
    enrolled: r.totpEnrolledAt !== null,
    bootstrapAdmin: isEnvAdmin(r.email, adminEmails),
    createdAt: r.createdAt,
  }));
}

export const changeRoleSchema = z.object({
  email: z.email("Adresse e-mail invalide.").max(320).transform((v) => v.toLowerCase()),
  role: z.enum(STAFF_ROLES, "Rôle inconnu : administrateur ou bureau."),
});
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;

/** An administrator changes another member's role (audited, in the same transaction). */
export async function changeStaffRole(db: Db, staff: StaffSession, input: ChangeRoleInput, adminEmails: readonly string[]): Promise<{ changed: boolean }> {
  assertStaffRole(staff, "admin");
  const { email, role } = changeRoleSchema.parse(input);
  if (email === staff.email) {
    throw new AppError("CONFLICT", "own role", { userMessage: "Vous ne pouvez pas changer votre propre rôle : demandez-le à un autre administrateur." });
  }
  if (isEnvAdmin(email, adminEmails) && role !== "admin") {
    throw new AppError("CONFLICT", "bootstrap admin", {
      userMessage: "Cette personne est administratrice par la configuration (STAFF_ADMIN_EMAILS) : son rôle ne se change pas ici.",
    });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(staffMembers).where(eq(staffMembers.email, email)).for("update");
    if (!row) throw new AppError("NOT_FOUND", "no such member", { userMessage: "Cette personne ne s'est jamais connectée à la console." });
    if (row.role === role) return { changed: false };
    await tx
      .update(staffMembers)
      .set({ role, updatedAt: sql`now()` })
      .where(and(eq(staffMembers.email, email)));
    await recordStaffAudit(tx as unknown as Db, { staff, action: "staff.role.change", target: email, before: { role: row.role }, after: { role } });
    return { changed: true };
  });
}
