/** The staff side of the console (issue 17): who may sign in, sessions, roles, the audit trail. */
export { recordStaffAudit, listStaffAudit, listAuditActions, type AuditEntry, type AuditRow } from "./audit";
export { assertStaffRole, ADMIN_ONLY_MESSAGE, STAFF_ROLES, type StaffRole, type StaffSession } from "./roles";
export { getStaffSession, requireStaff, staffAction, staffRoute, staffDeps, type StaffActionResult } from "./guards";
