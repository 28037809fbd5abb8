import { companyAddressLine, type Company } from "@/lib/settings/company";
import { ERASED_AFTER_ERASURE, KEPT_AFTER_ERASURE, RETENTION_YEARS, type Locale } from "@/lib/model/retention";

/**
 * The privacy page in plain words (RGPD art. 13): what we store, where, for how long, who receives
 * it, the cookies, and whom to ask. French by default, English when the visitor chose English.
 */
type Row = { what: string; where: string; howLong: string };
/** The data controller as the console's settings name it; null until entered (a neutral text instead). */
export type PrivacyCompany = Pick<Company, "legalName" | "address" | "email" | "phone">;

const TEXT: Record<
  Locale,
  {
    title: string;
    intro: string;
    whoTitle: string;
    who: (c: PrivacyCompany | null) => string;
    storedTitle: string;
    cols: [string, string, string];
    rows: Row[];
    whyTitle: string;
    why: string[];
    recipientsTitle: string;
    recipients: string[];
    cookiesTitle: string;
    cookies: string[];
    rightsTitle: string;
    rights: string[];
    erasureTitle: string;
    erasureIntro: string;
    keptIntro: string;
    contactTitle: string;
    contact: (c: PrivacyCompany | null) => string;
  }
> = {
  fr: {
    title: "Vos données personnelles",
    intro: "Cette page explique simplement ce que nous savons de vous, pourquoi, où c'est conservé, combien de temps, et comment exercer vos droits.",
    whoTitle: "Qui est responsable",
    who: (c) =>
      c
        ? `${c.legalName}, ${companyAddressLine(c)}. Pour toute demande sur vos données : ${c.email} ou ${c.phone.display}.`
        : "L'entreprise qui vous accueille dans cet espace client. Pour toute demande sur vos données, écrivez-nous depuis la rubrique Messages de votre espace client.",
    storedTitle: "Ce que nous conservons",
    cols: ["Données", "Où", "Combien de temps"],
    rows: [
      { what: "Nom, e-mail, téléphone, adresses", where: "HubSpot (notre logiciel de gestion client) et l'espace client", howLong: "3 ans après notre dernier contact, ou jusqu'à la suppression de votre compte" },
      { what: "Rendez-vous, interventions, photos et rapports", where: "HubSpot", howLong: "3 ans après l'intervention" },
      { what: "Messages échangés avec notre service client", where: "HubSpot et l'espace client", howLong: "3 ans après le dernier message" },
      { what: "Devis, factures, solde", where: "Sage (comptabilité) et HubSpot", howLong: `${RETENTION_YEARS} ans (obligation comptable)` },
      { what: "Preuve des signatures électroniques (empreinte du document, date, adresse IP)", where: "Espace client", howLong: `${RETENTION_YEARS} ans` },
      { what: "Préférences de messages et consentement aux offres", where: "Espace client", howLong: "Tant que votre compte existe" },
      { what: "Historique de connexion (e-mail ou numéro utilisé, adresse IP)", where: "Espace client", howLong: "24 heures après la demande de connexion" },
      { what: "Messages envoyés (e-mails, SMS)", where: "Espace client (le contenu des codes est effacé après envoi)", howLong: "30 jours" },
    ],
    whyTitle: "Pourquoi",
    why: [
      "Réaliser les travaux que vous nous confiez, vous envoyer devis et factures (exécution du contrat).",
      "Vous prévenir de vos rendez-vous et du suivi de vos interventions (contrat ; vous choisissez les canaux dans Compte).",
      "Tenir notre comptabilité (obligation légale).",
      "Vous envoyer nos offres, seulement si vous l'avez accepté (consentement, retirable à tout moment).",
    ],
    recipientsTitle: "Qui reçoit vos données",
    recipients: [
      "Notre équipe et nos techniciens, pour vos interventions.",
      "Nos prestataires techniques, qui n'agissent que sur nos instructions : HubSpot (gestion client), notre hébergeur, notre service d'envoi d'e-mails, Twilio (SMS), Sage (comptabilité).",
      "Jamais d'annonceurs : nous ne vendons ni ne louons vos données.",
    ],
    cookiesTitle: "Cookies",
    cookies: [
      "Uniquement des cookies nécessaires, qui ne demandent pas votre accord : la session (vous garder connecté(e) 1 heure au plus), la sécurité de la connexion (protection contre la falsification de requêtes, suivi de votre demande de code) et la langue que vous avez choisie.",
      "Aucun cookie de mesure d'audience, de publicité ou de réseau social.",
    ],
    rightsTitle: "Vos droits",
    rights: [
      "Voir et corriger vos coordonnées : rubrique Compte.",
      "Recevoir une copie de vos données : « Télécharger mes données » dans Compte (fichier ZIP, prêt en quelques minutes).",
      "Supprimer votre compte : « Supprimer mon compte » dans Compte, confirmé par un code.",
      "Vous opposer à un traitement, en limiter l'usage, retirer votre consentement : écrivez-nous. Nous répondons sous un mois.",
      "Si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL (www.cnil.fr).",
    ],
    erasureTitle: "Quand vous supprimez votre compte",
    erasureIntro: "Nous supprimons :",
    keptIntro: "La loi nous oblige à garder, avec un accès restreint :",
    contactTitle: "Nous contacter",
    contact: (c) => (c ? `${c.legalName} — ${companyAddressLine(c)} — ${c.email} — ${c.phone.display}` : "Depuis la rubrique Messages de votre espace client."),
  },
  en: {
    title: "Your personal data",
    intro: "This page explains plainly what we know about you, why, where it is kept, for how long, and how to use your rights.",
    whoTitle: "Who is responsible",
    who: (c) =>
      c
        ? `${c.legalName}, ${companyAddressLine(c)}. For any request about your data: ${c.email} or ${c.phone.display}.`
        : "The company that runs this customer portal. For any request about your data, write to us from the Messages section of your portal.",
    storedTitle: "What we keep",
    cols: ["Data", "Where", "How long"],
    rows: [
      { what: "Name, email, phone, addresses", where: "HubSpot (our customer management software) and the customer portal", howLong: "3 years after our last contact, or until you delete your account" },
      { what: "Appointments, interventions, photos and reports", where: "HubSpot", howLong: "3 years after the intervention" },
      { what: "Messages with our service desk", where: "HubSpot and the customer portal", howLong: "3 years after the last message" },
      { what: "Quotes, invoices, balance", where: "Sage (accounts) and HubSpot", howLong: `${RETENTION_YEARS} years (accounting duty)` },
      { what: "Evidence of electronic signatures (document fingerprint, date, IP address)", where: "Customer portal", howLong: `${RETENTION_YEARS} years` },
      { what: "Message preferences and consent to offers", where: "Customer portal", howLong: "As long as your account exists" },
      { what: "Sign-in history (email or number used, IP address)", where: "Customer portal", howLong: "24 hours after the sign-in request" },
      { what: "Messages sent (emails, SMS)", where: "Customer portal (codes are erased once sent)", howLong: "30 days" },
    ],
    whyTitle: "Why",
    why: [
      "To do the work you ask us for, and send quotes and invoices (performance of the contract).",
      "To tell you about appointments and the progress of interventions (contract; you choose the channels in Account).",
      "To keep our accounts (legal duty).",
      "To send you our offers, only if you agreed (consent, which you can withdraw at any time).",
    ],
    recipientsTitle: "Who receives your data",
    recipients: [
      "Our team and technicians, for your interventions.",
      "Our technical providers, acting only on our instructions: HubSpot (customer management), our host, our email service, Twilio (SMS), Sage (accounts).",
      "Never advertisers: we do not sell or rent your data.",
    ],
    cookiesTitle: "Cookies",
    cookies: [
      "Only necessary cookies, which need no consent: the session (keeps you signed in for 1 hour at most), sign-in security (protection against forged requests, tracking your code request) and the language you chose.",
      "No audience measurement, advertising or social network cookies.",
    ],
    rightsTitle: "Your rights",
    rights: [
      "See and correct your details: Account.",
      "Get a copy of your data: “Download my data” in Account (ZIP file, ready in a few minutes).",
      "Delete your account: “Delete my account” in Account, confirmed by a code.",
      "Object to a processing, restrict it, withdraw your consent: write to us. We answer within one month.",
      "If you think your rights are not respected, you can complain to the CNIL (www.cnil.fr).",
    ],
    erasureTitle: "When you delete your account",
    erasureIntro: "We delete:",
    keptIntro: "The law requires us to keep, with restricted access:",
    contactTitle: "Contact us",
    contact: (c) => (c ? `${c.legalName} — ${companyAddressLine(c)} — ${c.email} — ${c.phone.display}` : "From the Messages section of your customer portal."),
  },
};

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-xl font-semibold text-brand-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

const list = (items: string[]) => (
  <ul className="list-disc space-y-1 pl-5 text-slate-800">
    {items.map((i) => (
      <li key={i}>{i}</li>
    ))}
  </ul>
);

export function PrivacyContent({ locale, company }: { locale: Locale; company: PrivacyCompany | null }) {
  const t = TEXT[locale];
  return (
    <article lang={locale} className="mx-auto max-w-3xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{t.title}</h1>
        <p className="text-slate-700">{t.intro}</p>
      </header>
      <Section id="responsable" title={t.whoTitle}>
        <p className="text-slate-800">{t.who(company)}</p>
      </Section>
      <Section id="donnees" title={t.storedTitle}>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {t.cols.map((c) => (
                  <th key={c} scope="col" className="py-2 pr-3 font-semibold text-slate-900">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr key={r.what} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                    {r.what}
                  </th>
                  <td className="py-2 pr-3 text-slate-800">{r.where}</td>
                  <td className="py-2 text-slate-800">{r.howLong}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section id="pourquoi" title={t.whyTitle}>
        {list(t.why)}
      </Section>
      <Section id="destinataires" title={t.recipientsTitle}>
        {list(t.recipients)}
      </Section>
      <Section id="cookies" title={t.cookiesTitle}>
        {list(t.cookies)}
      </Section>
      <Section id="droits" title={t.rightsTitle}>
        {list(t.rights)}
      </Section>
      <Section id="suppression" title={t.erasureTitle}>
        <p className="text-slate-800">{t.erasureIntro}</p>
        {list(ERASED_AFTER_ERASURE[locale])}
        <p className="text-slate-800">{t.keptIntro}</p>
        <ErasureKept locale={locale} />
      </Section>
      <Section id="contact" title={t.contactTitle}>
        <p className="text-slate-800">{t.contact(company)}</p>
      </Section>
    </article>
  );
}

/** What stays after an erasure, and why (shared with Compte and the confirmation email). */
export function ErasureKept({ locale }: { locale: Locale }) {
  return (
    <dl className="space-y-3">
      {KEPT_AFTER_ERASURE[locale].map((k) => (
        <div key={k.what} className="rounded-lg border border-slate-200 p-3">
          <dt className="font-semibold text-slate-900">{k.what}</dt>
          <dd className="text-slate-800">
            {k.why} <strong className="font-semibold">{k.howLong}</strong>
          </dd>
        </div>
      ))}
    </dl>
  );
}
