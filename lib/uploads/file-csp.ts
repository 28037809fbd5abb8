/**
 * The Content-Security-Policy of the routes that serve a customer's files as they are (photos,
 * message attachments, intervention reports: bytes that came from HubSpot Files): nothing may load,
 * run, submit or frame, and an HTML or SVG file opened directly runs in a unique origin (`sandbox`).
 *
 * A handler's own CSP does not reach the browser: Next sets next.config's `headers()` first and then
 * skips a handler's header of the same name. So next.config.ts applies this policy to
 * `FILE_ROUTE_SOURCES` (its later rule overrides the site-wide one), and `fileHeaders` sends it too
 * for any other server. No `server-only` and no import: next.config.ts reads it.
 */
export const FILE_CSP = "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/** next.config `headers()` sources of the routes answering with `fileHeaders` (tests/security/headers.test.ts checks the list). */
export const FILE_ROUTE_SOURCES = ["/api/interventions/:id/photos/:fileId", "/api/interventions/:id/report", "/api/messages/:id/attachments/:fileId"] as const;
