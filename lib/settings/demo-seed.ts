import type { SettingsKey, SettingsValue } from "./schemas";

/**
 * The demo's settings: what the repository held as TypeScript before the staff console existed
 * (Duret Électricité, its five technicians as the sandbox's HubSpot owners, its services, the 24
 * communes of its area). Written once into `portal_settings` when the portal runs against the local
 * HubSpot sandbox and a section has never been saved; never with a real HubSpot account (there, the
 * staff fill the console). Company figures are demo values (SIREN Luhn-valid, not a real company).
 */

const FULL_DAY = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "18:00" },
];
const SHORT_FRIDAY = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "16:30" },
];

export const DEMO_SETTINGS: { [K in SettingsKey]: SettingsValue<K> } = {
  company: {
    tradeName: "Duret Électricité",
    legalName: "Duret Électricité SARL",
    legalForm: "SARL",
    capitalEuros: 20_000,
    address: { street: "27 rue Paul Bert", postalCode: "69003", city: "Lyon" },
    phone: "+33478624518",
    email: "contact@duret-electricite.fr",
    website: "https://www.duret-electricite.fr",
    siret: "84231765300017",
    registration: "RCS Lyon 842 317 653",
    vatNumber: "FR54842317653",
    insurance: {
      kind: "Assurance responsabilité civile décennale",
      insurer: "Mutuelle Rhodanienne du Bâtiment (démo)",
      policyNumber: "DEMO-RCD-2026-04817",
      area: "France métropolitaine",
    },
    mediator: { name: "Médiation Consommation Artisanat Bâtiment (démo)", website: "https://www.mediation-batiment.example" },
    // A checksum-valid example IBAN, no real payee.
    bank: { iban: "FR7630006000011234567890189", bic: "AGRIFRPP", beneficiary: null },
    reviewUrl: null,
  },
  services: [
  
    {
      id: "depannage",
      type: "depannage",
      label: "Dépannage électrique",
      description: "Panne, disjoncteur qui saute, prise ou éclairage hors service : un technicien vient rétablir le courant.",
      en: {
        label: "Electrical repair",
        description: "Power cut, tripping breaker, socket or lighting out of order: a technician comes to restore power.",
      },
      durationMinutes: 90,
      requiredSkills: ["depannage"],
      booking: "online",
    },
    {
      id: "diagnostic",
      type: "diagnostic",
      label: "Diagnostic",
      description: "Contrôle visuel et mesures de l'installation, avec un rapport écrit.",
      en: {
        label: "Inspection",
        description: "Visual check and measurements of the installation, with a written report.",
      },
      durationMinutes: 120,
      requiredSkills: ["diagnostic"],
      booking: "online",
    },
    {
      id: "mise_aux_normes",
      type: "mise_aux_normes",
      label: "Mise aux normes",
      description: "Remise en conformité de l'installation (NF C 15-100) : sur devis, après une demande.",
      en: {
        label: "Bringing up to standard",
        description: "Making the installation compliant (NF C 15-100): quoted first, after a request.",
      },
      durationMinutes: 240,
      requiredSkills: ["mise_aux_normes"],
      booking: "request",
    },
    {
      id: "borne_recharge",
      type: "borne_recharge",
      label: "Borne de recharge : visite technique",
      description: "Visite préalable à l'installation d'une borne de recharge (IRVE) : tableau, puissance, cheminement du câble. Le devis suit.",
      en: {
        label: "EV charger: site survey",
        description: "Visit before installing an electric-vehicle charger: consumer unit, power, cable route. The quote follows.",
      },
      durationMinutes: 60,
      requiredSkills: ["borne_recharge"],
      booking: "online",
    },
    {
      id: "entretien",
      type: "entretien",
      label: "Contrôle / entretien",
      description: "Contrôle annuel : test des différentiels, serrage des connexions, mesure de terre.",
      en: {
        label: "Check / maintenance",
        description: "Annual check: RCD tests, tightening of connections, earth measurement.",
      },
      durationMinutes: 60,
      requiredSkills: ["entretien"],
      booking: "online",
    },
  ],
  technicians: [
    {
      ownerId: "71234501",
      firstName: "Julien",
      skills: ["depannage", "mise_aux_normes", "diagnostic"],
      home: { address: "Place Bellecour, 69002 Lyon", lat: 45.7505, lng: 4.8275, communeCode: "69382" },
      weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: SHORT_FRIDAY },
      daysOff: [],
      overrides: [],
    },
    {
      ownerId: "71234502",
      firstName: "Sophie",
      skills: ["borne_recharge", "diagnostic", "mise_aux_normes"],
      home: { address: "Avenue Franklin Roosevelt, 69500 Bron", lat: 45.7386, lng: 4.9127, communeCode: "69029" },
      weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: [{ start: "08:00", end: "12:00" }], thu: FULL_DAY, fri: FULL_DAY },
      daysOff: [],
      overrides: [],
    },
    {
      ownerId: "71234503",
      firstName: "Karim",
      skills: ["depannage", "entretien", "mise_aux_normes"],
      home: { address: "Place Lazare Goujon, 69100 Villeurbanne", lat: 45.7719, lng: 4.8902, communeCode: "69266" },
      weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY },
      daysOff: [],
      overrides: [],
    },
    {
      ownerId: "71234504",
      firstName: "Thomas",
      skills: ["mise_aux_normes", "diagnostic", "depannage"],
      home: { address: "Avenue de la République, 69160 Tassin-la-Demi-Lune", lat: 45.7631, lng: 4.7523, communeCode: "69244" },
      weekly: { tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY, sat: [{ start: "08:30", end: "12:30" }] },
      daysOff: [],
      overrides: [],
    },
    {
      ownerId: "71234505",
      firstName: "Élodie",
      skills: ["borne_recharge", "entretien", "depannage"],
      home: { address: "Avenue Marcel Houël, 69200 Vénissieux", lat: 45.6975, lng: 4.8856, communeCode: "69259" },
      weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY },
      daysOff: [],
      overrides: [],
    },
  ],
  closures: { publicHolidays: true, periods: [] },
  booking_rules: {
    minimumNotice: { kind: "next_working_day" },
    horizonDays: 60,
    changeLimitHours: 24,
    travelBufferMinutes: 15,
    dailyCapacity: 4,
    slotStepMinutes: 30,
    averageSpeedKmh: 30,
    reminderTime: "18:00",
  },
  service_area: {
    // Lyon (and its nine arrondissements), Villeurbanne, Vénissieux, Caluire-et-Cuire, Bron, Écully,
    // Tassin-la-Demi-Lune, Oullins-Pierre-Bénite, Sainte-Foy-lès-Lyon, Décines-Charpieu, Meyzieu,
    // Saint-Priest, Vaulx-en-Velin, Rillieux-la-Pape, Francheville, Craponne.
    communes: [
      "69123", "69381", "69382", "69383", "69384", "69385", "69386", "69387", "69388", "69389",
      "69266", "69259", "69034", "69029", "69081", "69244", "69149", "69202", "69275", "69282", "69290", "69256", "69286", "69089", "69069",
    ],
    departements: [],
    radiusKm: null,
  },
};
