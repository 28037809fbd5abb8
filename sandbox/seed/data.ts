/** French reference data for the seed: Lyon-area towns and streets, names, catalogue, texts. */

export interface Town {
  city: string;
  zip: string;
  lat: number;
  lng: number;
  streets: string[];
}

export const TOWNS: Town[] = [
  { city: "Lyon", zip: "69001", lat: 45.7676, lng: 4.8344, streets: ["rue Royale", "rue Burdeau", "montée de la Grande-Côte", "rue d'Algérie"] },
  { city: "Lyon", zip: "69002", lat: 45.7505, lng: 4.8275, streets: ["rue de la République", "rue Mercière", "quai Saint-Antoine", "rue Sainte-Hélène"] },
  { city: "Lyon", zip: "69003", lat: 45.7597, lng: 4.8516, streets: ["cours Gambetta", "rue Paul Bert", "avenue Félix Faure", "rue Moncey"] },
  { city: "Lyon", zip: "69004", lat: 45.7787, lng: 4.8270, streets: ["boulevard de la Croix-Rousse", "rue d'Austerlitz", "rue Belfort", "rue Dumenge"] },
  { city: "Lyon", zip: "69005", lat: 45.7600, lng: 4.8010, streets: ["rue Saint-Jean", "montée du Chemin-Neuf", "avenue du Point du Jour", "rue Roger Radisson"] },
  { city: "Lyon", zip: "69006", lat: 45.7700, lng: 4.8520, streets: ["boulevard des Belges", "rue Vendôme", "cours Vitton", "rue Duguesclin"] },
  { city: "Lyon", zip: "69007", lat: 45.7450, lng: 4.8430, streets: ["avenue Jean Jaurès", "rue de Marseille", "Grande Rue de la Guillotière", "rue Chevreul"] },
  { city: "Lyon", zip: "69008", lat: 45.7350, lng: 4.8690, streets: ["avenue des Frères Lumière", "rue Villon", "route de Vienne", "rue Professeur Beauvisage"] },
  { city: "Lyon", zip: "69009", lat: 45.7740, lng: 4.8050, streets: ["rue de Bourgogne", "Grande Rue de Vaise", "rue Marietton", "avenue Sidoine Apollinaire"] },
  { city: "Villeurbanne", zip: "69100", lat: 45.7719, lng: 4.8902, streets: ["cours Émile Zola", "rue Francis de Pressensé", "avenue Henri Barbusse", "rue du 4 Août 1789"] },
  { city: "Vénissieux", zip: "69200", lat: 45.6975, lng: 4.8856, streets: ["avenue Jean Cagne", "boulevard Ambroise Croizat", "rue Gaspard Picard"] },
  { city: "Caluire-et-Cuire", zip: "69300", lat: 45.7953, lng: 4.8469, streets: ["Grande Rue", "chemin de Crépieux", "avenue Général de Gaulle"] },
  { city: "Bron", zip: "69500", lat: 45.7386, lng: 4.9127, streets: ["avenue Franklin Roosevelt", "rue de la Pagère", "avenue Camille Rousset"] },
  { city: "Écully", zip: "69130", lat: 45.7747, lng: 4.7769, streets: ["chemin du Petit Bois", "avenue Guy de Collongue", "chemin de la Sauvegarde"] },
  { city: "Tassin-la-Demi-Lune", zip: "69160", lat: 45.7631, lng: 4.7523, streets: ["avenue de la République", "avenue Victor Hugo", "chemin de la Raude"] },
  { city: "Oullins-Pierre-Bénite", zip: "69600", lat: 45.7145, lng: 4.8075, streets: ["Grande Rue", "rue Jean-Baptiste Say", "boulevard de l'Yzeron"] },
  { city: "Sainte-Foy-lès-Lyon", zip: "69110", lat: 45.7339, lng: 4.8025, streets: ["chemin de la Croix-Pivort", "avenue Maréchal Foch", "rue Sainte-Barbe"] },
  { city: "Décines-Charpieu", zip: "69150", lat: 45.7689, lng: 4.9589, streets: ["avenue Jean Jaurès", "rue Émile Zola", "rue de la Paix"] },
  { city: "Meyzieu", zip: "69330", lat: 45.7667, lng: 5.0036, streets: ["rue de la République", "avenue Lucien Buisson", "rue Louis Saulnier"] },
  { city: "Saint-Priest", zip: "69800", lat: 45.6964, lng: 4.9441, streets: ["rue Henri Maréchal", "boulevard Édouard Herriot", "route de Lyon"] },
  { city: "Vaulx-en-Velin", zip: "69120", lat: 45.7786, lng: 4.9200, streets: ["avenue Georges Rougé", "rue Émile Zola", "chemin du Grand Bois"] },
  { city: "Rillieux-la-Pape", zip: "69140", lat: 45.8206, lng: 4.8983, streets: ["avenue de l'Europe", "chemin de Vancia", "rue Ampère"] },
  { city: "Francheville", zip: "69340", lat: 45.7364, lng: 4.7636, streets: ["grande rue de Francheville", "chemin de Chantegrillet", "avenue du Chater"] },
  { city: "Craponne", zip: "69290", lat: 45.7450, lng: 4.7233, streets: ["avenue Édouard Millaud", "rue Centrale", "chemin des Gamins"] },
];

export const FIRST_NAMES_F = [
  "Marie", "Nathalie", "Isabelle", "Sylvie", "Céline", "Sandrine", "Julie", "Aurélie", "Émilie", "Chloé",
  "Léa", "Manon", "Sophie", "Claire", "Hélène", "Françoise", "Agnès", "Laëtitia", "Mathilde", "Inès",
  "Océane", "Brigitte", "Monique", "Anaïs", "Pauline",
];
export const FIRST_NAMES_M = [
  "Nicolas", "Pierre", "Laurent", "François", "Stéphane", "Olivier", "Philippe", "Christophe", "Sébastien", "Frédéric",
  "Mathieu", "Guillaume", "Hugo", "Lucas", "Jérôme", "Benoît", "Rémi", "Yannick", "Bernard", "Gérard",
  "Mehdi", "Loïc", "Cédric", "Théo", "Damien",
];
export const LAST_NAMES = [
  "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Simon", "Laurent",
  "Michel", "Lefebvre", "Fournier", "Mercier", "Bonnet", "Lambert", "Fontaine", "Chevalier", "Robin", "Masson",
  "Gauthier", "Perrin", "Morel", "Blanc", "Guérin", "Faure", "Roux", "Vincent", "Brun", "Chauvin",
  "Barbier", "Arnaud", "Rolland", "Dupuis", "Perret", "Giraud", "Brunet", "Collet", "Besson", "Royer",
  "Vidal", "Carré", "Poirier", "Charpentier", "Renaud", "Lemoine", "Aubert", "Jacquet", "Bouvier", "Gilbert",
  "Benoît", "Marchand", "Boyer", "Noël", "Meunier", "Caron",
];
/** English-speaking customers, to exercise portal_language "en". */
export const ENGLISH_PEOPLE: [string, string][] = [
  ["Sarah", "Thompson"],
  ["James", "Whitaker"],
  ["Emily", "Carter"],
];
/** A few customers are businesses: not consumers, 20 % VAT, invoices at 30 days end of month. */
export const COMPANIES = ["Boulangerie des Pentes", "Cabinet Kiné Part-Dieu", "SCI Les Tilleuls", "Atelier Mercière"];

export type VatClass = "renovation" | "energy" | "standard";

export interface CatalogueItem {
  sku: string;
  name: string;
  description: string;
  unit: string;
  price: number; // € HT
  vat: VatClass;
}

export const CATALOGUE: Record<string, CatalogueItem> = {
  tableau: { sku: "TAB-3R-13", name: "Tableau électrique 3 rangées pré-équipé", description: "Coffret 3 × 13 modules, peignes et borniers, conforme NF C 15-100", unit: "u", price: 420, vat: "renovation" },
  differentiel: { sku: "ID-40-30A", name: "Interrupteur différentiel 40 A 30 mA type A", description: "Protection des personnes, circuits cuisine et lave-linge", unit: "u", price: 89, vat: "renovation" },
  differentielAC: { sku: "ID-40-30AC", name: "Interrupteur différentiel 40 A 30 mA type AC", description: "Protection des circuits éclairage et prises", unit: "u", price: 62, vat: "renovation" },
  disj16: { sku: "DJ-16", name: "Disjoncteur divisionnaire 16 A", description: "Circuits prises de courant", unit: "u", price: 14.5, vat: "renovation" },
  disj20: { sku: "DJ-20", name: "Disjoncteur divisionnaire 20 A", description: "Circuits spécialisés (lave-vaisselle, four)", unit: "u", price: 16.8, vat: "renovation" },
  disj32: { sku: "DJ-32", name: "Disjoncteur divisionnaire 32 A", description: "Circuit plaque de cuisson", unit: "u", price: 21.9, vat: "renovation" },
  mainOeuvre: { sku: "MO-ELEC", name: "Main d'œuvre électricien", description: "Taux horaire", unit: "h", price: 58, vat: "renovation" },
  prise: { sku: "PC-2PT", name: "Prise de courant 2P+T encastrée", description: "Fourniture et pose, boîte d'encastrement comprise", unit: "u", price: 32, vat: "renovation" },
  terre: { sku: "TERRE-PQ", name: "Mise à la terre — piquet et câblage", description: "Piquet de terre, câble cuivre nu 25 mm², barrette de coupure", unit: "forfait", price: 380, vat: "renovation" },
  borne: { sku: "IRVE-7K4", name: "Borne de recharge 7,4 kW (wallbox)", description: "Borne murale monophasée 32 A, câble attaché type 2", unit: "u", price: 890, vat: "renovation" },
  poseBorne: { sku: "IRVE-POSE", name: "Installation et raccordement de la borne", description: "Pose murale, mise en service, attestation IRVE", unit: "forfait", price: 650, vat: "renovation" },
  protectionBorne: { sku: "IRVE-PROT", name: "Protection différentielle type F dédiée borne", description: "Interrupteur différentiel 40 A 30 mA type F et disjoncteur 40 A", unit: "u", price: 145, vat: "renovation" },
  cable: { sku: "CAB-3G10", name: "Câble R2V 3G10 mm²", description: "Liaison tableau — borne", unit: "m", price: 9.8, vat: "renovation" },
  programmateur: { sku: "PROG-FP6", name: "Programmateur fil pilote 6 zones", description: "Régulation du chauffage électrique par zone", unit: "u", price: 245, vat: "energy" },
  delesteur: { sku: "DELEST-3V", name: "Gestionnaire d'énergie (délesteur 3 voies)", description: "Délestage du chauffage lors des pics de consommation", unit: "u", price: 310, vat: "energy" },
  thermostat: { sku: "THERM-CONN", name: "Thermostat connecté", description: "Pilotage du chauffage par pièce", unit: "u", price: 185, vat: "energy" },
  deplacement: { sku: "DEPL", name: "Déplacement et mise en sécurité", description: "Métropole de Lyon", unit: "forfait", price: 75, vat: "renovation" },
  diagnostic: { sku: "DIAG", name: "Diagnostic de l'installation électrique", description: "Contrôle visuel et mesures, rapport écrit", unit: "forfait", price: 180, vat: "standard" },
  controle: { sku: "CTRL-AN", name: "Contrôle annuel de l'installation", description: "Test des différentiels, serrage des connexions, mesure de terre", unit: "forfait", price: 120, vat: "renovation" },
  led: { sku: "LED-SPOT", name: "Spot LED encastré", description: "Fourniture et pose, IP65 pour pièces humides", unit: "u", price: 42, vat: "renovation" },
  liaison: { sku: "SDB-LEP", name: "Liaison équipotentielle salle de bains", description: "Mise en conformité des volumes de la salle de bains", unit: "forfait", price: 290, vat: "renovation" },
  recyclage: { sku: "RECY", name: "Évacuation et recyclage du matériel déposé", description: "Filière DEEE", unit: "forfait", price: 45, vat: "renovation" },
  interphone: { sku: "VISIO-2F", name: "Visiophone 2 fils", description: "Platine de rue et moniteur 7 pouces", unit: "u", price: 265, vat: "renovation" },
};

export type QuoteTemplate = { title: string; lines: [keyof typeof CATALOGUE, number][]; discount?: number };

export const QUOTE_TEMPLATES: QuoteTemplate[] = [
  { title: "Mise aux normes du tableau électrique", lines: [["tableau", 1], ["differentiel", 1], ["differentielAC", 1], ["disj16", 6], ["disj20", 3], ["disj32", 1], ["mainOeuvre", 7], ["recyclage", 1]] },
  { title: "Installation d'une borne de recharge 7,4 kW", lines: [["borne", 1], ["poseBorne", 1], ["protectionBorne", 1], ["cable", 18]] },
  { title: "Rénovation électrique de la salle de bains", lines: [["liaison", 1], ["led", 4], ["prise", 2], ["mainOeuvre", 5]] },
  { title: "Régulation du chauffage électrique", lines: [["programmateur", 1], ["delesteur", 1], ["thermostat", 2], ["mainOeuvre", 4]] },
  { title: "Ajout de prises et éclairage dans la cuisine", lines: [["prise", 5], ["disj20", 2], ["led", 6], ["mainOeuvre", 6]], discount: 5 },
  { title: "Mise à la terre et protection différentielle", lines: [["terre", 1], ["differentiel", 1], ["mainOeuvre", 3]] },
  { title: "Remplacement de l'interphone par un visiophone", lines: [["interphone", 1], ["mainOeuvre", 2.5]] },
];

export interface InterventionTemplate {
  subject: string;
  content: string;
  findings: string[];
  work: string[];
  photo: "panel" | "socket" | "charger";
  invoice: [keyof typeof CATALOGUE, number][];
}

export const INTERVENTION_TEMPLATES: Record<"depannage" | "diagnostic" | "mise_aux_normes" | "borne_recharge" | "entretien", InterventionTemplate[]> = {
  depannage: [
    {
      subject: "Disjoncteur qui saute régulièrement",
      content: "Le disjoncteur général saute plusieurs fois par jour, surtout quand le four et le lave-linge fonctionnent en même temps.",
      findings: ["Défaut d'isolement sur le circuit du lave-linge (prise murale humide).", "Disjoncteur général correctement calibré."],
      work: ["Remplacement de la prise du lave-linge par une prise étanche.", "Contrôle de l'isolement des circuits de la cuisine."],
      photo: "socket",
      invoice: [["deplacement", 1], ["mainOeuvre", 1.5], ["prise", 1]],
    },
    {
      subject: "Prise qui chauffe dans la cuisine",
      content: "Une prise de la cuisine est noircie et sent le brûlé. Nous ne l'utilisons plus.",
      findings: ["Prise carbonisée, borne de raccordement desserrée.", "Conducteur de 1,5 mm² sur un circuit protégé en 20 A : non conforme."],
      work: ["Remplacement de la prise et du conducteur en 2,5 mm².", "Mise en sécurité du circuit."],
      photo: "socket",
      invoice: [["deplacement", 1], ["mainOeuvre", 2], ["prise", 1], ["disj20", 1]],
    },
    {
      subject: "Panne de courant partielle",
      content: "Plus de courant dans les chambres depuis ce matin, le reste de l'appartement fonctionne.",
      findings: ["Disjoncteur divisionnaire des chambres hors d'usage.", "Tableau ancien sans repérage des circuits."],
      work: ["Remplacement du disjoncteur divisionnaire.", "Repérage des circuits sur le tableau."],
      photo: "panel",
      invoice: [["deplacement", 1], ["mainOeuvre", 1], ["disj16", 1]],
    },
  ],
  diagnostic: [
    {
      subject: "Diagnostic électrique avant vente",
      content: "Nous mettons notre maison en vente et souhaitons un état de l'installation électrique.",
      findings: ["Tableau à fusibles porcelaine, absence de protection différentielle 30 mA.", "Prises sans terre dans deux chambres.", "Liaison équipotentielle absente dans la salle de bains."],
      work: ["Mesures d'isolement et de la résistance de terre (145 ohms).", "Remise d'un rapport détaillé avec préconisations."],
      photo: "panel",
      invoice: [["diagnostic", 1]],
    },
    {
      subject: "Diagnostic d'une installation ancienne",
      content: "Appartement des années 70 acheté récemment, nous voulons savoir quels travaux prévoir.",
      findings: ["Installation d'origine, conducteurs en bon état apparent.", "Protection différentielle insuffisante (un seul interrupteur 500 mA)."],
      work: ["Contrôle complet et chiffrage d'une mise aux normes."],
      photo: "panel",
      invoice: [["diagnostic", 1]],
    },
  ],
  mise_aux_normes: [
    {
      subject: "Mise aux normes du tableau électrique",
      content: "Suite à notre devis accepté, remplacement du tableau électrique.",
      findings: ["Ancien tableau à fusibles, traces d'échauffement sur le porte-fusible de la cuisine.", "Absence de différentiel 30 mA."],
      work: ["Pose d'un tableau 3 rangées avec deux interrupteurs différentiels 30 mA (types A et AC).", "Reprise des circuits spécialisés, repérage et essais."],
      photo: "panel",
      invoice: [["tableau", 1], ["differentiel", 1], ["differentielAC", 1], ["disj16", 6], ["disj20", 3], ["mainOeuvre", 7]],
    },
    {
      subject: "Mise en conformité de la salle de bains",
      content: "Rénovation de la salle de bains : mise en conformité électrique des volumes.",
      findings: ["Prise située dans le volume 1 de la douche.", "Liaison équipotentielle absente."],
      work: ["Déplacement de la prise hors volume.", "Réalisation de la liaison équipotentielle locale, pose de spots IP65."],
      photo: "socket",
      invoice: [["liaison", 1], ["led", 3], ["mainOeuvre", 4]],
    },
  ],
  borne_recharge: [
    {
      subject: "Installation d'une borne de recharge 7,4 kW",
      content: "Pose d'une borne de recharge dans le garage pour notre nouveau véhicule électrique.",
      findings: ["Garage attenant, distance tableau — borne de 16 m.", "Abonnement 9 kVA : délestage conseillé."],
      work: ["Pose de la borne murale et de sa protection type F.", "Mise en service, essai de charge et remise de l'attestation IRVE."],
      photo: "charger",
      invoice: [["borne", 1], ["poseBorne", 1], ["protectionBorne", 1], ["cable", 16]],
    },
    {
      subject: "Pose d'une wallbox sur place de parking",
      content: "Installation d'une borne sur notre place de parking extérieure.",
      findings: ["Place extérieure, borne IP54 nécessaire.", "Tranchée existante réutilisable."],
      work: ["Pose de la borne sur pied, raccordement et mise en service."],
      photo: "charger",
      invoice: [["borne", 1], ["poseBorne", 1], ["cable", 22]],
    },
  ],
  entretien: [
    {
      subject: "Contrôle annuel de l'installation",
      content: "Contrôle annuel prévu au contrat d'entretien.",
      findings: ["Différentiels fonctionnels (déclenchement à 22 mA).", "Deux connexions desserrées au tableau."],
      work: ["Resserrage des connexions, test des différentiels, mesure de terre."],
      photo: "panel",
      invoice: [["controle", 1]],
    },
    {
      subject: "Vérification des différentiels",
      content: "Le bouton test du différentiel ne fait plus rien.",
      findings: ["Interrupteur différentiel 30 mA bloqué."],
      work: ["Remplacement de l'interrupteur différentiel."],
      photo: "panel",
      invoice: [["deplacement", 1], ["differentielAC", 1], ["mainOeuvre", 1]],
    },
  ],
};

export interface ConversationTemplate {
  kind: "quote_request" | "after_sales" | "special_slot";
  subject: string;
  /** author, text; "internal" = staff note never shown to the customer */
  messages: ["customer" | "staff" | "internal", string][];
}

export const CONVERSATION_TEMPLATES: ConversationTemplate[] = [
  {
    kind: "quote_request",
    subject: "Devis pour le remplacement de radiateurs",
    messages: [
      ["customer", "Bonjour, nous souhaiterions remplacer quatre vieux radiateurs électriques par des radiateurs à inertie. Pourriez-vous nous faire un devis ?"],
      ["internal", "Client fidèle. Prévoir une visite technique avec Karim, vérifier la section des câbles existants."],
      ["staff", "Bonjour, merci pour votre demande. Pour établir un devis précis, pourriez-vous nous indiquer la surface des pièces concernées et joindre une photo de votre tableau électrique ?"],
    ],
  },
  {
    kind: "after_sales",
    subject: "Le différentiel saute depuis l'intervention",
    messages: [
      ["customer", "Bonjour, depuis le remplacement du tableau, le différentiel de la cuisine saute quand la bouilloire et le four tournent ensemble. Est-ce normal ?"],
      ["staff", "Bonjour, ce n'est pas normal. Pouvez-vous débrancher la bouilloire et nous dire si le problème persiste ? Nous pouvons passer sous 48 h si besoin."],
      ["customer", "Sans la bouilloire tout fonctionne. Je pense qu'elle est fatiguée !"],
      ["staff", "Merci pour votre retour. La bouilloire présente probablement un défaut d'isolement ; nous vous conseillons de la remplacer. N'hésitez pas à revenir vers nous."],
    ],
  },
  {
    kind: "special_slot",
    subject: "Intervention possible un samedi matin ?",
    messages: [
      ["customer", "Bonjour, je travaille en horaires décalés. Serait-il possible d'intervenir un samedi matin pour la pose des prises ?"],
      ["internal", "Samedi matin possible avec Élodie, majoration de 20 % à annoncer."],
      ["staff", "Bonjour, nous pouvons vous proposer le samedi de la semaine prochaine entre 8 h et 12 h, avec une majoration de 20 % sur la main d'œuvre. Cela vous convient-il ?"],
    ],
  },
  {
    kind: "after_sales",
    subject: "Attestation de conformité pour l'assurance",
    messages: [
      ["customer", "Bonjour, mon assureur me demande une attestation pour la borne installée le mois dernier. Pouvez-vous me l'envoyer ?"],
      ["staff", "Bonjour, l'attestation IRVE est jointe au rapport d'intervention disponible dans votre espace client. Nous vous l'envoyons également par e-mail."],
    ],
  },
  {
    kind: "quote_request",
    subject: "Borne de recharge en copropriété",
    messages: [
      ["customer", "Bonjour, je souhaite installer une borne sur ma place de parking en sous-sol (copropriété). Quelles sont les démarches ?"],
    ],
  },
  {
    kind: "special_slot",
    subject: "Créneau en fin de journée",
    messages: [
      ["customer", "Bonjour, est-il possible d'avoir un rendez-vous après 17 h pour le contrôle annuel ?"],
      ["staff", "Bonjour, oui : nous vous proposons un créneau de 17 h à 18 h 30. Vous pouvez le réserver directement depuis votre espace client."],
      ["customer", "Parfait, c'est réservé, merci !"],
    ],
  },
  {
    kind: "after_sales",
    subject: "Question sur la facture",
    messages: [
      ["customer", "Bonjour, je ne comprends pas la ligne « déplacement » sur ma facture alors que le devis indiquait un forfait tout compris."],
      ["internal", "Erreur de saisie dans Sage : avoir de 75 € HT à émettre."],
    ],
  },
];

export const TECHNICIANS = [
  { id: "71234501", userId: 9120451, firstName: "Julien", lastName: "Moreau", skills: ["depannage", "mise_aux_normes", "diagnostic"], zone: "Lyon centre" },
  { id: "71234502", userId: 9120452, firstName: "Sophie", lastName: "Garnier", skills: ["borne_recharge", "diagnostic", "mise_aux_normes"], zone: "Est lyonnais" },
  { id: "71234503", userId: 9120453, firstName: "Karim", lastName: "Benali", skills: ["depannage", "entretien", "mise_aux_normes"], zone: "Villeurbanne et Nord" },
  { id: "71234504", userId: 9120454, firstName: "Thomas", lastName: "Lefèvre", skills: ["mise_aux_normes", "diagnostic", "depannage"], zone: "Ouest lyonnais" },
  { id: "71234505", userId: 9120455, firstName: "Élodie", lastName: "Rousseau", skills: ["borne_recharge", "entretien", "depannage"], zone: "Sud lyonnais" },
] as const;

/**
 * HubSpot users who are not technicians (issue 17): the office manager is the demo's staff identity
 * (console administrator through STAFF_ADMIN_EMAILS' demo default, README), and a former employee
 * whose user was deactivated (an archived owner: absent from the default owners list, answered
 * only with archived=true, refused by the console).
 */
export const OFFICE_USERS = [
  { id: "71234510", userId: 9120460, firstName: "Claire", lastName: "Duret", email: "claire.duret@duret-electricite.fr", archived: false },
  { id: "71234511", userId: 9120461, firstName: "Marc", lastName: "Petit", email: "marc.petit@duret-electricite.fr", archived: true },
] as const;

export const SKILL_TEAMS: Record<string, { id: string; name: string }> = {
  depannage: { id: "4401001", name: "Compétence : dépannage" },
  diagnostic: { id: "4401002", name: "Compétence : diagnostic" },
  mise_aux_normes: { id: "4401003", name: "Compétence : mise aux normes" },
  borne_recharge: { id: "4401004", name: "Compétence : bornes de recharge (IRVE)" },
  entretien: { id: "4401005", name: "Compétence : contrôle et entretien" },
};
export const ZONE_TEAMS: Record<string, { id: string; name: string }> = {
  "Lyon centre": { id: "4402001", name: "Zone : Lyon centre" },
  "Est lyonnais": { id: "4402002", name: "Zone : Est lyonnais" },
  "Villeurbanne et Nord": { id: "4402003", name: "Zone : Villeurbanne et Nord" },
  "Ouest lyonnais": { id: "4402004", name: "Zone : Ouest lyonnais" },
  "Sud lyonnais": { id: "4402005", name: "Zone : Sud lyonnais" },
};
