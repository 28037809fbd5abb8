/**
 * The page Content-Security-Policy with a per-request nonce, as in Next.js's Content Security Policy guide.
 * Scripts: only Next's own, carrying the nonce, and what they load ('strict-dynamic').
 * Styles: 'unsafe-inline' is kept because React `style` attributes (skeleton widths) and Next's
 * injected styles carry no nonce; injected CSS cannot run code, scripts stay strict.
 */
export function buildPageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Dev: the HMR websocket.
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Paths a signed-out visitor may open; everything else under proxy.ts needs a session. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/connexion" ||
    // The privacy page (linked from sign-in and the footer) and the "account deleted" page.
    pathname === "/confidentialite" ||
    pathname.startsWith("/confidentialite/") ||
    pathname.startsWith("/connexion/") ||
    // The staff console checks its own session (lib/staff): never the customer's redirect.
    pathname === "/console" ||
    pathname.startsWith("/console/") ||
    pathname === "/dev/outbox" ||
    pathname.startsWith("/dev/outbox/") ||
    // The satisfaction survey: its signed personal link is the credential (lib/surveys/token.ts).
    pathname.startsWith("/avis/") ||
    // Managing an appointment from the confirmation email / reminder SMS: the signed link is the
    // credential (lib/bookings/tokens.ts).
    pathname.startsWith("/rdv/") ||
    pathname.startsWith("/api/")
  );
}
