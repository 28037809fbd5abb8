/**
 * A path with a malformed %-escape ("/%", "/documents/%E0%A4%A", "/api/live/%zz") cannot be
 * decoded into route parameters: Next answered 500. proxy.ts answers such a request first, with
 * 400: the portal's French error page for a page, its JSON error for /api/… (no stack, no English).
 */
export function hasMalformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const TITLE = "Adresse invalide";
const BODY = "Cette adresse contient des caractères mal encodés. Vérifiez le lien ou revenez à l'accueil.";

export function malformedPathResponse(opts: { api: boolean; csp: string | null }): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (opts.api) return Response.json({ error: `${TITLE} : caractères mal encodés dans l'adresse.`, code: "BAD_REQUEST" }, { status: 400, headers });
  if (opts.csp) headers.set("Content-Security-Policy", opts.csp);
  headers.set("Content-Type", "text/html; charset=utf-8");
  const html = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TITLE} · Duret Électricité</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a}main{max-width:36rem;margin:4rem auto;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}h1{font-size:1.25rem;color:#0c2d57;margin:0}p{color:#334155}a{display:inline-flex;min-height:2.75rem;align-items:center;font-weight:600;color:#1d4ed8}</style>
</head><body><main><h1>${TITLE}</h1><p>${BODY}</p><a href="/">Retour à l'accueil</a></main></body></html>`;
  return new Response(html, { status: 400, headers });
}
