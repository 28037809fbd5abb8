/**
 * Sign-in failures travel from authorize() to the page as short codes (next-auth passes the thrown
 * error's message in `error`); the page turns them into French sentences here. No server-only import.
 */
export type SignInFailureCode =
  | "invalid"
  | "expired"
  | "used"
  | "locked"
  | "wrong-code"
  | "rate-limited"
  | "blocked"
  | "unavailable";

export function encodeSignInFailure(code: SignInFailureCode, remainingTries?: number): string {
  return remainingTries === undefined ? code : `${code}:${remainingTries}`;
}

export function decodeSignInFailure(raw: string | null | undefined): { code: SignInFailureCode; remainingTries?: number } {
  const [code, tries] = (raw ?? "").split(":");
  const known: SignInFailureCode[] = ["invalid", "expired", "used", "locked", "wrong-code", "rate-limited", "blocked", "unavailable"];
  const c = known.find((k) => k === code) ?? "invalid";
  const n = tries !== undefined && /^\d$/.test(tries) ? Number(tries) : undefined;
  return n === undefined ? { code: c } : { code: c, remainingTries: n };
}

export function signInFailureMessage(channel: "email" | "sms", raw: string | null | undefined): string {
  const { code, remainingTries } = decodeSignInFailure(raw);
  const what = channel === "email" ? "Ce lien de connexion" : "Ce code";
  switch (code) {
    case "expired":
      return `${what} a expiré (validité : 10 minutes). Demandez-en un nouveau.`;
    case "used":
      return `${what} a déjà été utilisé. Demandez-en un nouveau.`;
    case "locked":
      return "Trop d'essais : ce code n'est plus valable. Demandez un nouveau code.";
    case "wrong-code":
      return remainingTries === undefined
        ? "Code incorrect."
        : `Code incorrect. Il vous reste ${remainingTries} essai${remainingTries > 1 ? "s" : ""}.`;
    case "rate-limited":
      return "Trop de tentatives. Merci de réessayer dans quelques minutes.";
    case "blocked":
      return "La connexion à cet espace client n'est pas possible. Contactez-nous au besoin.";
    case "unavailable":
      return "Le service est momentanément indisponible. Merci de réessayer dans quelques instants.";
    default:
      return channel === "email"
        ? "Ce lien de connexion n'est pas valide. Demandez-en un nouveau."
        : "Cette demande de code n'est plus valable. Demandez un nouveau code.";
  }
}
