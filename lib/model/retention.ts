/**
 * What the portal keeps after an erasure, and why, in the words the customer reads (Compte, the
 * privacy page, the confirmation email). One place, so the three never disagree. No server-only:
 * pages and templates both read it.
 */
export const RETENTION_YEARS = 10;

export type Locale = "fr" | "en";

export interface KeptItem {
  what: string;
  why: string;
  howLong: string;
}

export const KEPT_AFTER_ERASURE: Record<Locale, KeptItem[]> = {
  fr: [
    {
      what: "Vos factures",
      why: "Le Code de commerce (article L123-22) nous oblige à conserver les pièces comptables. Elles sont archivées à part, sans lien avec un compte, et ne sont accessibles qu'à la comptabilité en cas de contrôle.",
      howLong: `${RETENTION_YEARS} ans à compter de leur date, puis détruites.`,
    },
    {
      what: "Vos devis signés",
      why: "Un devis signé est un contrat : il est gardé, avec la même restriction d'accès, pour la comptabilité et en cas de litige.",
      howLong: `${RETENTION_YEARS} ans à compter de la signature, puis détruits.`,
    },
    {
      what: "La preuve de vos signatures électroniques",
      why: "Empreinte du document, date et heure, adresse IP, moyen de vérification : c'est ce qui rend la signature opposable. Elle n'est pas modifiable.",
      howLong: `Aussi longtemps que le devis signé (${RETENTION_YEARS} ans).`,
    },
    {
      what: "Une trace de la suppression",
      why: "Pour pouvoir prouver que votre demande a été traitée : le numéro interne du compte supprimé et les dates, sans nom, e-mail ni téléphone. Votre e-mail et votre numéro sont gardés sous forme d'empreinte chiffrée (illisible) pour refuser toute nouvelle connexion avec eux.",
      howLong: `${RETENTION_YEARS} ans.`,
    },
  ],
  en: [
    {
      what: "Your invoices",
      why: "French commercial law (Code de commerce, article L123-22) requires us to keep accounting records. They are archived separately, with no link to any account, and only the accounts department can open them, for an audit.",
      howLong: `${RETENTION_YEARS} years from their date, then destroyed.`,
    },
    {
      what: "Your signed quotes",
      why: "A signed quote is a contract: it is kept, with the same restricted access, for the accounts and in case of a dispute.",
      howLong: `${RETENTION_YEARS} years from signature, then destroyed.`,
    },
    {
      what: "The evidence of your electronic signatures",
      why: "Document fingerprint, date and time, IP address, how you were verified: this is what makes the signature valid. It cannot be changed.",
      howLong: `As long as the signed quote (${RETENTION_YEARS} years).`,
    },
    {
      what: "A record of the erasure",
      why: "So we can prove your request was carried out: the internal number of the deleted account and the dates, no name, email or phone. Your email and number are kept as an encrypted fingerprint (unreadable) so that nobody can sign in with them again.",
      howLong: `${RETENTION_YEARS} years.`,
    },
  ],
};

export const ERASED_AFTER_ERASURE: Record<Locale, string[]> = {
  fr: [
    "Votre fiche client chez notre logiciel de gestion (HubSpot) : nom, e-mail, téléphone, adresse, historique d'échanges.",
    "Vos adresses, préférences et exports enregistrés dans l'espace client.",
    "Vos sessions : vous êtes déconnecté(e) partout, et la connexion est bloquée.",
    "Les messages en attente d'envoi et l'historique de connexion liés à votre compte.",
    "Vos rendez-vous à venir : annulés (aucun technicien ne se déplacera) ; les rendez-vous passés ne gardent que la date et le technicien, sans adresse ni note.",
  ],
  en: [
    "Your customer record in our management software (HubSpot): name, email, phone, address, history of exchanges.",
    "Your addresses, preferences and exports saved in the customer portal.",
    "Your sessions: you are signed out everywhere, and sign-in is blocked.",
    "Messages waiting to be sent and the sign-in history linked to your account.",
    "Your upcoming appointments: cancelled (no technician will come); past appointments keep only the date and the technician, with no address or note.",
  ],
};
