import { electronicFormatIBAN, isSEPACountry, isValidBIC, isValidIBAN } from "ibantools";
import { z } from "zod";
import { toE164 } from "@/lib/contact/phone";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import type { InterventionType } from "@/lib/model/types";
import { isValidDate, parseTimeOfDay } from "@/lib/time/paris";

/**
 * The contractor's business settings, one zod schema per section of the staff console. Pure (no
 * server-only import): the console's forms validate with the same schemas in the browser. Every
 * message is French: it is shown to the office staff as is, next to the field it is about.
 */

const text = (max: number, what: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : v), z.string().min(1, `${what} : champ obligatoire`).max(max, `${what} : ${max} caractères au plus`));
const optionalText = (max: number, what: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") || null : v ?? null), z.string().max(max, `${what} : ${max} caractères au plus`).nullable());

/* ------------------------------------------------------------------ shared pieces */

export const dateSchema = z.string().refine(isValidDate, "Date attendue au format AAAA-MM-JJ");
export const timeSchema = z.string().refine((v) => {
  try {
    parseTimeOfDay(v);
    return true;
  } catch {
    return false;
  }
}, "Heure attendue au format HH:MM");

export const geoPointSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type GeoPoint = z.infer<typeof geoPointSchema>;

const interventionTypeValues = INTERVENTION_TYPES.map((t) => t.value) as [InterventionType, ...InterventionType[]];
export const interventionTypeSchema = z.enum(interventionTypeValues, { error: "Type d'intervention inconnu" });

/** A working interval in Paris local time, e.g. { start: "08:00", end: "12:00" }. */
export const workingIntervalSchema = z
  .object({ start: timeSchema, end: timeSchema })
  .refine((i) => parseTimeOfDay(i.start) < parseTimeOfDay(i.end), { message: "L'heure de fin doit être après l'heure de début", path: ["end"] });
export type WorkingInterval = z.infer<typeof workingIntervalSchema>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { mon: "lundi", tue: "mardi", wed: "mercredi", thu: "jeudi", fri: "vendredi", sat: "samedi", sun: "dimanche" };

/** Intervals of one day, sorted, none overlapping another. */
function dayIntervals(what: string) {
  return z.array(workingIntervalSchema).superRefine((intervals, ctx) => {
    const sorted = intervals.map((i, index) => ({ index, start: parseTimeOfDay(i.start), end: parseTimeOfDay(i.end) })).sort((a, b) => a.start - b.start);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k]!.start < sorted[k - 1]!.end) {
        ctx.addIssue({ code: "custom", path: [sorted[k]!.index, "start"], message: `Les plages horaires du ${what} se chevauchent` });
      }
    }
  });
}

/** Weekly hours: a missing or empty weekday is not worked. */
export const weeklyHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals(WEEKDAY_LABELS[d]).optional()])) as Record<Weekday, z.ZodOptional<ReturnType<typeof dayIntervals>>>)
  .strict();
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

/* ------------------------------------------------------------------ company identity */

/** SIREN/SIRET key: Luhn, except La Poste's establishments (SIREN 356000000: digit sum multiple of 5). */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith("356000000")) return [...siret].reduce((s, d) => s + Number(d), 0) % 5 === 0;
  return luhn(siret) && luhn(siret.slice(0, 9));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The French intra-community VAT number of a SIREN: FR + (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, "0")}${siren}`;
}

export const bankAccountSchema = z.object({
  iban: z.preprocess(
    (v) => (typeof v === "string" ? (electronicFormatIBAN(v) ?? v) : v),
    z
      .string({ error: "IBAN : champ obligatoire pour recevoir des virements (ex. FR76 3000 6000 0112 3456 7890 189)" })
      .refine((v) => isValidIBAN(v), "IBAN invalide : vérifiez sa clé de contrôle et sa longueur (ex. FR76 3000 6000 0112 3456 7890 189)")
      .refine((v) => isSEPACountry(v.slice(0, 2)), "IBAN hors zone SEPA : un virement SEPA ne peut pas le créditer"),
  ),
  bic: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\s+/g, "").toUpperCase() || null : v ?? null),
    z.string().refine((v) => isValidBIC(v), "BIC mal formé : 8 ou 11 caractères (ex. AGRIFRPP ou AGRIFRPPXXX)").nullable(),
  ),
  /** Shown as the transfer's beneficiary; null = the legal name. At most 70 characters (EPC QR code). */
  beneficiary: optionalText(70, "Bénéficiaire"),
});
export type BankAccount = z.infer<typeof bankAccountSchema>;

const httpsUrl = (what: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || null : v ?? null), z.url({ protocol: /^https$/, error: `${what} : adresse https:// attendue` }).nullable());

export const companySchema = z
  .object({
    /** The name customers know ("Duret Électricité"). */
    tradeName: text(80, "Nom commercial"),
    legalName: text(120, "Raison sociale"),
    /** "SARL", "SAS", "EURL", "EI"… */
    legalForm: text(40, "Forme juridique"),
    /** Share capital in euros; null for a form without one (EI). */
    capitalEuros: z.number({ error: "Capital : un montant en euros" }).int("Capital : un nombre entier d'euros").min(0, "Capital : un montant positif").max(1e12).nullable(),
    address: z.object({
      street: text(120, "Adresse"),
      postalCode: z.string().regex(/^\d{5}$/, "Code postal : 5 chiffres"),
      city: text(80, "Ville"),
    }),
    /** E.164. */
    phone: z.preprocess((v) => (typeof v === "string" ? (toE164(v) ?? v) : v), z.string().regex(/^\+\d{6,15}$/, "Téléphone invalide (ex. 04 78 62 45 18)")),
    email: z.email("Adresse e-mail invalide"),
    website: httpsUrl("Site web"),
    siret: z.preprocess((v) => (typeof v === "string" ? v.replace(/\s+/g, "") : v), z.string().refine(isValidSiret, "SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn) ne correspond pas")),
    /** "RCS Lyon 842 317 653", or the Répertoire des métiers for an artisan ("RM 69 …"). */
    registration: text(80, "Immatriculation (RCS ou RM)"),
    vatNumber: z.preprocess((v) => (typeof v === "string" ? v.replace(/\s+/g, "").toUpperCase() || null : v ?? null), z.string().regex(/^FR\d{2}\d{9}$/, "Numéro de TVA : FR, 2 chiffres de clé et le SIREN").nullable()),
    /** Professional insurance printed on quotes and invoices (Code des assurances, art. L243-2). */
    insurance: z.object({
      kind: text(120, "Type d'assurance"),
      insurer: text(120, "Assureur"),
      policyNumber: text(60, "Numéro de contrat"),
      area: text(120, "Zone couverte"),
    }),
    /** Consumer mediator (Code de la consommation, art. L612-1, L616-1). */
    mediator: z.object({ name: text(120, "Médiateur"), website: httpsUrl("Site du médiateur").refine((v) => v !== null, "Site du médiateur : champ obligatoire") }),
    /** The account invoices are paid into by SEPA transfer; null = no transfer block on invoices. */
    bank: bankAccountSchema.nullable(),
    /** Where satisfied customers are invited to leave a public review; null = no invitation. */
    reviewUrl: httpsUrl("Page d'avis"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.vatNumber && /^\d{14}$/.test(c.siret) && c.vatNumber !== frenchVatNumber(c.siret.slice(0, 9))) {
      ctx.addIssue({ code: "custom", path: ["vatNumber"], message: `Numéro de TVA incohérent avec le SIREN ${c.siret.slice(0, 9)} (attendu ${frenchVatNumber(c.siret.slice(0, 9))})` });
    }
  });
export type CompanySettings = z.infer<typeof companySchema>;
export type CompanySettingsInput = z.input<typeof companySchema>;

/* ------------------------------------------------------------------ services */

export const serviceSchema = z
  .object({
    /** Stable key, stored with each booking (lower case, digits, "_" or "-"). */
    id: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, "Identifiant : 2 à 40 caractères, minuscules, chiffres, - ou _"),
    /** What HubSpot records as the intervention type of the ticket. */
    type: interventionTypeSchema,
    label: text(80, "Libellé"),
    description: text(400, "Description"),
    en: z.object({ label: text(80, "Libellé anglais"), description: text(400, "Description anglaise") }).strict(),
    durationMinutes: z.number({ error: "Durée : un nombre de minutes" }).int().min(15, "Durée : 15 minutes au moins").max(8 * 60, "Durée : 8 heures au plus"),
    requiredSkills: z.array(interventionTypeSchema).min(1, "Indiquez au moins une compétence requise"),
    /** "online": bookable slots; "request": the customer sends a request; "withdrawn": no longer offered (kept for past bookings). */
    booking: z.enum(["online", "request", "withdrawn"], { error: "Mode de réservation inconnu" }),
  })
  .strict();
export type Service = z.infer<typeof serviceSchema>;

export const servicesSchema = z.array(serviceSchema).superRefine((services, ctx) => {
  const seen = new Set<string>();
  services.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `Identifiant « ${s.id} » déjà utilisé par une autre prestation` });
    seen.add(s.id);
  });
});

/* ------------------------------------------------------------------ technicians */

export const technicianSchema = z
  .object({
    /** HubSpot owner id (picked from the connected account's owners). */
    ownerId: z.string().regex(/^\d{1,20}$/, "Choisissez un utilisateur HubSpot"),
    firstName: text(60, "Prénom"),
    skills: z.array(interventionTypeSchema).min(1, "Un technicien doit avoir au moins une compétence"),
    /** Where the day starts: an address, geocoded when saved. */
    home: z.object({
      address: text(200, "Adresse de départ"),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      /** INSEE code of the commune, when known. */
      communeCode: z.string().regex(/^[0-9AB]{5}$/).nullable().default(null),
    }),
    weekly: weeklyHoursSchema,
    /** Whole days off (leave, training). */
    daysOff: z.array(dateSchema).default([]),
    /** Replaces the weekly hours on a date; an empty list means off that day. */
    overrides: z.array(z.object({ date: dateSchema, intervals: dayIntervals("jour modifié") })).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const dates = new Set<string>();
    t.overrides.forEach((o, i) => {
      if (dates.has(o.date)) ctx.addIssue({ code: "custom", path: ["overrides", i, "date"], message: `Le ${o.date} a déjà des horaires particuliers` });
      dates.add(o.date);
    });
    if (!WEEKDAYS.some((d) => (t.weekly[d]?.length ?? 0) > 0)) ctx.addIssue({ code: "custom", path: ["weekly"], message: "Indiquez au moins une plage horaire dans la semaine" });
  });
export type TechnicianSettings = z.infer<typeof technicianSchema>;
export type TechnicianSettingsInput = z.input<typeof technicianSchema>;

export const techniciansSchema = z.array(technicianSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    if (seen.has(t.ownerId)) ctx.addIssue({ code: "custom", path: [i, "ownerId"], message: "Ce technicien est déjà dans la liste" });
    seen.add(t.ownerId);
  });
});

/* ------------------------------------------------------------------ closures */

export const closureSchema = z
  .object({ from: dateSchema, to: dateSchema, label: text(80, "Motif") })
  .strict()
  .refine((c) => c.from <= c.to, { message: "La date de fin doit être le jour du début ou après", path: ["to"] });
export type Closure = z.infer<typeof closureSchema>;

export const closuresSchema = z
  .object({
    /** Closed on French public holidays (metropolitan list, lib/time/holidays). */
    publicHolidays: z.boolean(),
    periods: z.array(closureSchema).max(200),
  })
  .strict();
export type ClosureSettings = z.infer<typeof closuresSchema>;

/* ------------------------------------------------------------------ booking rules */

export const bookingRulesSettingsSchema = z
  .object({
    /** "next_working_day": from the first business day after today (Paris); or at least N hours ahead. */
    minimumNotice: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("next_working_day") }).strict(),
      z.object({ kind: z.literal("hours"), hours: z.number().int().min(0, "Délai : 0 heure au moins").max(24 * 30, "Délai : 30 jours au plus") }).strict(),
    ]),
    /** Last bookable day = today + horizonDays. */
    horizonDays: z.number().int().min(1, "Horizon : 1 jour au moins").max(366, "Horizon : 366 jours au plus"),
    /** Reschedule / cancel online until this many hours before the start. */
    changeLimitHours: z.number().int().min(0, "Délai de modification : 0 heure au moins").max(24 * 14, "Délai de modification : 14 jours au plus"),
    /** Idle time between two jobs, on top of the drive. */
    travelBufferMinutes: z.number().int().min(0, "Battement : 0 minute au moins").max(240, "Battement : 4 heures au plus"),
    dailyCapacity: z.number().int().min(1, "Au moins 1 intervention par jour").max(20, "20 interventions par jour au plus"),
    slotStepMinutes: z.number().int().min(5).max(240),
    averageSpeedKmh: z.number().min(5).max(130),
    /** The reminder SMS goes out the day before at this Paris time. */
    reminderTime: timeSchema,
  })
  .strict();
export type BookingRulesSettings = z.infer<typeof bookingRulesSettingsSchema>;

/* ------------------------------------------------------------------ service area */

export const serviceAreaSettingsSchema = z
  .object({
    /** INSEE codes of the communes served. */
    communes: z.array(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, "Code commune INSEE invalide")).max(2000),
    /** Départements served ("69", "2A", "971"). */
    departements: z.array(z.string().regex(/^(\d{2}|2A|2B|97\d)$/, "Numéro de département invalide")).max(101),
    /** Served within this distance of a technician's home base. */
    radiusKm: z.number().min(1, "Rayon : 1 km au moins").max(300, "Rayon : 300 km au plus").nullable(),
  })
  .strict()
  .refine((a) => a.communes.length > 0 || a.departements.length > 0 || a.radiusKm !== null, "Indiquez au moins une commune, un département ou un rayon");
export type ServiceAreaSettings = z.infer<typeof serviceAreaSettingsSchema>;

/* ------------------------------------------------------------------ all sections */

export const SETTINGS_SCHEMAS = {
  company: companySchema,
  services: servicesSchema,
  technicians: techniciansSchema,
  closures: closuresSchema,
  booking_rules: bookingRulesSettingsSchema,
  service_area: serviceAreaSettingsSchema,
} as const;
export type SettingsKey = keyof typeof SETTINGS_SCHEMAS;
export const SETTINGS_KEYS = Object.keys(SETTINGS_SCHEMAS) as SettingsKey[];
export type SettingsValue<K extends SettingsKey> = z.infer<(typeof SETTINGS_SCHEMAS)[K]>;

export const SETTINGS_LABELS: Record<SettingsKey, string> = {
  company: "Entreprise",
  services: "Prestations",
  technicians: "Techniciens",
  closures: "Fermetures",
  booking_rules: "Règles de réservation",
  service_area: "Zone d'intervention",
};
