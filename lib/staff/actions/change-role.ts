"use server";
import "server-only";
import { getEnv } from "@/lib/env";
import { staffAction, staffDeps } from "@/lib/staff/guards";
import { changeRoleSchema, changeStaffRole } from "@/lib/staff/members";

/** Équipe: an administrator changes another member's role (audited). */
export const changeStaffRoleAction = staffAction("admin", "staff.role.change", changeRoleSchema, async (input, staff) =>
  changeStaffRole((await staffDeps()).db, staff, input, getEnv().staffAdminEmails),
);
