import "server-only";
import { companyAddressLine, formatSiret, type Company } from "@/lib/settings/company";
import type { Locale } from "./types";
import { escapeHtml, safeHref } from "./escape";

/**
 * The shell every email shares: one column, system fonts, no images and nothing loaded from
 * elsewhere (no tracking), `lang` set for screen readers, colours with ≥ 7:1 contrast on white.
 */
const INK = "#1f2937"; // on white: 14.7:1
const MUTED = "#374151"; // 10.3:1
const ACCENT = "#1e40af"; // white text on it: 8.7:1

/** The legal footer, from the identity in the console's settings when the email is rendered. */
export function footerText(locale: Locale, c: Company | null): string {
  const fr = locale === "fr";
  // Only the staff's own sign-in email goes out before the identity is entered: no legal footer then.
  if (!c) return fr ? "Message envoyé par l'espace client." : "Message sent by the customer portal.";
  const contact = [`${fr ? "Tél." : "Phone"} ${c.phone.display}`, c.email, c.website].filter(Boolean).join(" — ");
  const ids = [`SIRET ${formatSiret(c.siret)}`, c.vatNumber ? `${fr ? "TVA" : "VAT"} ${c.vatNumber}` : null].filter(Boolean).join(" — ");
  const lines = [
    `${c.legalName} — ${companyAddressLine(c)}`,
    contact,
    ids,
    fr
      ? "Vous recevez ce message parce que vous êtes client(e) ou avez demandé un accès à votre espace client."
      : "You receive this message because you are a customer or asked for access to your customer portal.",
  ];
  return lines.join("\n");
}

/** A link styled as a button; the raw URL is repeated as text by the caller for copy-paste. */
export function buttonHtml(label: string, url: string): string {
  return `<p style="margin:24px 0"><a href="${safeHref(url)}" style="display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:underline;font-weight:bold;padding:12px 20px;border-radius:6px">${escapeHtml(label)}</a></p>`;
}

export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px 0">${html}</p>`;
}

export function emailHtml(input: { company: Company | null; locale: Locale; title: string; heading: string; bodyHtml: string }): string {
  const c = input.company;
  const footer = footerText(input.locale, c)
    .split("\n")
    .map((l) => `<p style="margin:0 0 4px 0">${escapeHtml(l)}</p>`)
    .join("");
  return `<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.title)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;color:${INK};font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(input.title)}" lang="${input.locale}" style="max-width:600px;margin:0 auto;padding:24px 16px">
<header><p style="margin:0 0 24px 0;font-size:18px;font-weight:bold;color:${ACCENT}">${escapeHtml(c ? c.name : input.locale === "fr" ? "Espace client" : "Customer portal")}</p></header>
<main>
<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px 0;color:${INK}">${escapeHtml(input.heading)}</h1>
${input.bodyHtml}
</main>
<footer style="margin-top:32px;padding-top:16px;border-top:1px solid #9ca3af;font-size:13px;color:${MUTED}">
${footer}
</footer>
</div>
</body>
</html>
`;
}
