import "server-only";
import { PDFDocument } from "pdf-lib";
import type { Company } from "@/lib/settings/company";
import { COLORS, CONTENT_WIDTH, MARGIN, PageFlow, drawLine, drawPageHeader, embedFonts, wrapText } from "@/lib/pdf/layout";
import type { SignatureBox } from "@/lib/pdf/render-quote";
import type { CompanyP12 } from "./certificate";
import { sealPdf } from "./seal";

/**
 * The signed quote: the stored original's pages (untouched apart from the customer's signature in
 * the "Bon pour accord" box), an evidence page, and the company's PAdES seal over everything.
 */
export interface SignatureEvidence {
  /** The evidence row's id (printed, and the reference to quote to the service desk). */
  evidenceId: string;
  quote: { id: string; number: string; title: string; totalTtc: string };
  signer: { name: string; contactId: string };
  identity: {
    /** How the customer signed in to the portal for this session. */
    session: { channel: "email" | "sms"; identity: string; signedInAt: string; sessionId: string };
    /** The one-time code that confirmed this signature. */
    code: { channel: "email" | "sms"; destination: string; sentAt: string; verifiedAt: string };
  };
  consentText: string;
  signature: { kind: "drawn" | "typed"; typedName?: string };
  openedAt: string;
  consentedAt: string;
  signedAt: string;
  ip: string;
  userAgent: string;
  originalSha256: string;
  certificate: { subject: string; fingerprintSha256: string };
}

export interface SignatureMark {
  kind: "drawn" | "typed";
  /** drawn: PNG bytes; typed: the name as typed. */
  png?: Uint8Array;
  typedName?: string;
}

const PARIS = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "24/11/2026 à 09:15:32 (heure de Paris) — 2026-11-24T08:15:32Z" */
export function evidenceTime(iso: string): string {
  const d = new Date(iso);
  const [date, time] = PARIS.format(d).split(" ");
  return `${date} à ${time} (heure de Paris) — ${d.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
}

export async function buildSignedQuotePdf(input: {
  original: Uint8Array;
  signatureBox: SignatureBox;
  mark: SignatureMark;
  evidence: SignatureEvidence;
  certificate: CompanyP12;
  company: Company;
}): Promise<Buffer> {
  const { company } = input;
  const { evidence } = input;
  const doc = await PDFDocument.load(input.original, { updateMetadata: false });
  const fonts = await embedFonts(doc);
  const signedAt = new Date(evidence.signedAt);

  // 1. The customer's signature in their box.
  const box = input.signatureBox;
  const page = doc.getPage(box.pageIndex);
  const [date] = PARIS.format(signedAt).split(" ");
  drawLine(page, `${date} (signé électroniquement)`, box.x + 40, box.y + box.height - 48, fonts.regular, 8.5);
  const area = { x: box.x + 60, y: box.y + 18, width: box.width - 68, height: box.height - 76 };
  if (input.mark.kind === "drawn" && input.mark.png) {
    const image = await doc.embedPng(input.mark.png);
    const scale = Math.min(area.width / image.width, area.height / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    page.drawImage(image, { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h });
  } else {
    const name = input.mark.typedName ?? evidence.signer.name;
    let size = 15;
    while (size > 8 && fonts.bold.widthOfTextAtSize(name, size) > area.width) size -= 1;
    drawLine(page, name, area.x, area.y + area.height / 2 - size / 2, fonts.bold, size, { color: COLORS.brand });
  }
  drawLine(page, `Par ${evidence.signer.name} — preuve n° ${evidence.evidenceId.slice(0, 8)} (dernière page)`, box.x + 8, box.y + 6, fonts.regular, 6.5, {
    color: COLORS.muted,
  });

  // 2. The evidence page.
  const originalPages = doc.getPageCount();
  const flow = new PageFlow(doc, fonts, (f) => drawPageHeader(f, company, "DOSSIER DE PREUVE", false));
  flow.text("Dossier de preuve de la signature électronique", { bold: true, size: 13 });
  flow.gap(4);
  flow.text(
    `Ce dossier accompagne le devis n° ${evidence.quote.number} signé en ligne sur l'espace client ${company.name}. Il rassemble les éléments qui identifient le signataire, expriment son consentement et lient sa signature au document (Code civil, art. 1366 et 1367).`,
    { size: 9, color: COLORS.muted },
  );
  flow.gap(8);
  const section = (title: string, rows: [string, string][]) => {
    flow.ensure(40);
    flow.text(title, { bold: true, size: 10.5, color: COLORS.brand });
    flow.gap(2);
    for (const [label, value] of rows) {
      const labelWidth = 150;
      const labelLines = wrapText(label, fonts.bold, 8.5, labelWidth - 10);
      const lines = wrapText(value, fonts.regular, 9, CONTENT_WIDTH - labelWidth);
      const height = Math.max(labelLines.length, lines.length) * 12;
      flow.ensure(height + 2);
      const top = flow.y;
      labelLines.forEach((l, i) => drawLine(flow.page, l, MARGIN.left, top - 9 - i * 12, fonts.bold, 8.5, { color: COLORS.muted }));
      lines.forEach((l, i) => drawLine(flow.page, l, MARGIN.left + labelWidth, top - 9 - i * 12, fonts.regular, 9));
      flow.y = top - height - 2;
    }
    flow.gap(6);
  };
  const channelLabel = (c: "email" | "sms") => (c === "sms" ? "SMS" : "courriel");
  section("Document", [
    ["Devis", `n° ${evidence.quote.number} — ${evidence.quote.title}`],
    ["Montant TTC", evidence.quote.totalTtc],
    ["Empreinte SHA-256 du devis original", evidence.originalSha256],
    ["Pages du devis original", `${originalPages} (suivies de ce dossier de preuve)`],
  ]);
  section("Signataire", [
    ["Nom", evidence.signer.name],
    ["Client n°", evidence.signer.contactId],
    [
      "Identification de la session",
      `Connexion par ${evidence.identity.session.channel === "sms" ? `code SMS envoyé au ${evidence.identity.session.identity}` : `lien envoyé à ${evidence.identity.session.identity}`}, le ${evidenceTime(evidence.identity.session.signedInAt)}`,
    ],
    [
      "Code de confirmation",
      `Code à usage unique envoyé par ${channelLabel(evidence.identity.code.channel)} à ${evidence.identity.code.destination} le ${evidenceTime(evidence.identity.code.sentAt)}, saisi correctement le ${evidenceTime(evidence.identity.code.verifiedAt)}`,
    ],
  ]);
  section("Consentement", [
    ["Texte accepté (case cochée)", `« ${evidence.consentText} »`],
    ["Signature", evidence.signature.kind === "drawn" ? "Tracée à la main sur l'écran" : `Saisie au clavier : « ${evidence.signature.typedName ?? evidence.signer.name} »`],
  ]);
  section("Horodatage", [
    ["Ouverture du devis", evidenceTime(evidence.openedAt)],
    ["Consentement", evidenceTime(evidence.consentedAt)],
    ["Envoi du code", evidenceTime(evidence.identity.code.sentAt)],
    ["Signature", evidenceTime(evidence.signedAt)],
  ]);
  section("Contexte technique", [
    ["Adresse IP", evidence.ip],
    ["Navigateur", evidence.userAgent],
    ["Référence de la preuve", evidence.evidenceId],
  ]);
  section("Scellement", [
    [
      "Cachet de l'entreprise",
      `Ce document est scellé par une signature électronique (PAdES, ETSI.CAdES.detached, SHA-256) avec le certificat « ${evidence.certificate.subject} » (empreinte SHA-256 ${evidence.certificate.fingerprintSha256}). Toute modification ultérieure du fichier invalide ce scellement.`,
    ],
    ["Conservation", `Les éléments ci-dessus sont conservés par ${company.legalName} dans un registre qui n'accepte aucune modification.`],
  ]);
  const evidencePages = doc.getPages().slice(originalPages);
  evidencePages.forEach((p, i) => {
    drawLine(p, `Dossier de preuve — devis n° ${evidence.quote.number} — page ${i + 1} / ${evidencePages.length}`, MARGIN.left, MARGIN.bottom - 30, fonts.regular, 7.5, {
      align: "right",
      width: CONTENT_WIDTH,
      color: COLORS.muted,
    });
  });

  doc.setTitle(`Devis ${evidence.quote.number} — signé`, { showInWindowTitleBar: true });
  doc.setModificationDate(signedAt);
  doc.setKeywords(["devis", evidence.quote.number, company.name, "signé", evidence.evidenceId]);

  return sealPdf(doc, input.certificate, {
    reason: `Devis n° ${evidence.quote.number} accepté par ${evidence.signer.name} (Bon pour accord)`,
    location: `${company.address.city}, ${company.address.country}`,
    contactInfo: company.email,
    name: company.legalName,
    signingTime: signedAt,
    appName: `Espace client ${company.name}`,
  });
}
