/**
 * Empty on purpose: without an instrumentation file here, Turbopack looks for one in the parent
 * folders and would build the portal's (database, outbox worker) into this bare app.
 */
export function register() {}
