import "server-only";
import type { Company } from "@/lib/settings/company";
import { toGsm7 } from "./escape";
import type { Locale, RenderedSms } from "./types";

/** Short and GSM-7 only, so it fits one 160-character segment. */
export function signInCodeSms(locale: Locale, data: { code: string; expiresInMinutes: number }, company: Company): RenderedSms {
  const body =
    locale === "fr"
      ? `${company.name} : votre code de connexion est ${data.code}. Il expire dans ${data.expiresInMinutes} minutes.`
      : `${company.name}: your sign-in code is ${data.code}. It expires in ${data.expiresInMinutes} minutes.`;
  return { kind: "sms", body: toGsm7(body) };
}

/** A generic notice ("a reply is waiting in your portal"); free text is reduced to GSM-7. */
export function noticeSms(locale: Locale, data: { text: string }, company: Company): RenderedSms {
  void locale;
  return { kind: "sms", body: toGsm7(`${company.name} : ${data.text.replace(/\s+/g, " ").trim()}`) };
}
