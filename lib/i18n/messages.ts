import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import type { Locale } from "./config";

/** Both catalogues are small; bundling them statically avoids a dynamic import per request. */
export type Messages = typeof fr;
export const MESSAGES: Record<Locale, Messages> = { fr, en };

/** The namespaces client components need (error boundaries), so the browser gets only those. */
export function clientMessages(locale: Locale): Pick<Messages, "errors"> {
  return { errors: MESSAGES[locale].errors };
}
