import "server-only";
import { z } from "zod";
import { findAvailabilityConflicts, type AvailabilityConflict } from "@/lib/bookings/availability-conflicts";
import { hubspotCalendar, type CalendarSource } from "@/lib/bookings/calendar";
import { policyFromSettings } from "@/lib/bookings/config";
import type { Db } from "@/lib/db/client";
import { asDb } from "@/lib/db/current";
import { banGeocoder, communeByCode, isInServiceArea, type BanGeocoder } from "@/lib/geo";
import { listActiveOwners, type ActiveOwner } from "@/lib/hubspot/staff-directory";
import { log } from "@/lib/log";
import {
  forgetSettings,
  getSettings,
  saveSettingsSection,
  validateSettingsSection,
  withSection,
  SETTINGS_KEYS,
  SETTINGS_LABELS,
  type PortalSettings,
  type ServiceAreaSettings,
  type SettingsKey,
  type TechnicianSettings,
} from "@/lib/settings";
import { assertStaffRole, recordStaffAudit, type StaffRole, type StaffSession } from "@/lib/staff";

/**
 * The console's settings verbs: every section is saved by `saveConsoleSettings`, which checks the
 * staff role itself, validates the section (lib/settings' zod schemas, French messages), checks it
 * against the other sections and HubSpot (technicians are active HubSpot owners; the area keeps at
 * least one technician's base), shows the appointments a change would leave outside working time
 * before saving anything, and writes the change with its audit row in one transaction. Effective
 * on every instance at once (lib/settings: NOTIFY on commit).
 */

/** Who may change what: the office manages technicians' time and closures; the rest is the administrators'. */
export const SECTION_ROLE: Record<SettingsKey, StaffRole | undefined> = {
  company: "admin",
  services: "admin",
  booking_rules: "admin",
  service_area: "admin",
  technicians: undefined,
  closures: undefined,
};

export const saveSettingsInput = z.object({
  key: z.enum(SETTINGS_KEYS as [SettingsKey, ...SettingsKey[]], { error: "Section inconnue." }),
  value: z.unknown(),
  expectedVersion: z.number().int().min(0),
  /** The staff member saw the appointments the change touches and saves anyway (they stay booked). */
  acknowledgeConflicts: z.boolean().default(false),
});
export type SaveSettingsInput = z.input<typeof saveSettingsInput>;

export type SaveSettingsOutcome =
  | { status: "saved"; version: number; warnings: string[] }
  | { status: "invalid"; fieldErrors: Record<string, string>; message: string }
  | { status: "stale"; currentVersion: number; message: string }
  | { status: "affects_appointments"; conflicts: AvailabilityConflict[]; message: string };

export interface ConsoleSettingsDeps {
  db: Db;
  now: Date;
  calendar?: CalendarSource;
  owners?: () => Promise<ActiveOwner[]>;
  geocoder?: Pick<BanGeocoder, "locate">;
}

const UNREACHABLE = "HubSpot ne répond pas : impossible de vérifier la liste des utilisateurs. Réessayez dans un instant.";

function invalid(fieldErrors: Record<string, string>): SaveSettingsOutcome {
  return { status: "invalid", fieldErrors, message: "Certaines informations sont invalides : rien n'a été enregistré." };
}

/** Fills the coordinates of each home base whose address changed (geocoded: BAN, else the commune's centre). */
async function locateBases(value: unknown, before: readonly TechnicianSettings[], geocoder: Pick<BanGeocoder, "locate">): Promise<{ value: unknown; errors: Record<string, string> }> {
  if (!Array.isArray(value)) return { value, errors: {} };
  const errors: Record<string, string> = {};
  const out = await Promise.all(
    value.map(async (raw: unknown, i) => {
      if (!raw || typeof raw !== "object") return raw;
      const t = raw as { ownerId?: unknown; home?: { address?: unknown; lat?: unknown; lng?: unknown; communeCode?: unknown } };
      const address = typeof t.home?.address === "string" ? t.home.address.trim().replace(/\s+/g, " ") : "";
      if (!address) return raw;
      const previous = before.find((b) => b.ownerId === t.ownerId);
      if (previous && previous.home.address === address) return { ...t, home: previous.home };
      const found = await geocoder.locate(address).catch(() => null);
      if (!found) {
        errors[`${i}.home.address`] = "Adresse de départ introuvable : indiquez le numéro, la rue, le code postal et la ville.";
        return raw;
      }
      return { ...t, home: { address, lat: found.point.lat, lng: found.point.lng, communeCode: found.citycode } };
    }),
  );
  return { value: out, errors };
}

/** The technicians' bases inside the area (with their communes); none inside makes the area refused. */
function basesInside(area: ServiceAreaSettings, technicians: readonly TechnicianSettings[]): number {
  const points = technicians.map((t) => ({ lat: t.home.lat, lng: t.home.lng }));
  return technicians.filter((t) => {
    const commune = t.home.communeCode ? communeByCode(t.home.communeCode) : null;
    if (!commune) return area.radiusKm !== null; // no commune known: only a radius can include it (its own)
    return isInServiceArea({ commune, point: { lat: t.home.lat, lng: t.home.lng } }, area, points);
  }).length;
}

function issuesToFields(issues: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path || "_"] ??= i.message;
  return out;
}

/** The technicians' active HubSpot owners, for the picker (and the check of a newly added one). */
export async function listTechnicianCandidates(staff: StaffSession, deps: Pick<ConsoleSettingsDeps, "owners">): Promise<ActiveOwner[]> {
  assertStaffRole(staff, undefined);
  return (deps.owners ?? (() => listActiveOwners()))();
}

export async function saveConsoleSettings(staff: StaffSession, raw: SaveSettingsInput, deps: ConsoleSettingsDeps): Promise<SaveSettingsOutcome> {
  const input = saveSettingsInput.parse(raw);
  assertStaffRole(staff, SECTION_ROLE[input.key]);
  const before = await getSettings(deps.db);
  if (input.expectedVersion !== before.versions[input.key]) return stale(before.versions[input.key]);

  let value = input.value;
  if (input.key === "technicians") {
    const located = await locateBases(value, before.technicians, deps.geocoder ?? banGeocoder());
    if (Object.keys(located.errors).length > 0) return invalid(located.errors);
    value = located.value;
  }
  const checked = validateSettingsSection(input.key, value);
  if (!checked.ok) return invalid(issuesToFields(checked.issues));
  const after = withSection(before, input.key, checked.value);
  const warnings: string[] = [];

  if (input.key === "technicians") {
    // A technician newly added must be an active user of the HubSpot account (the picker offers only those).
    const added = after.technicians.filter((t) => !before.technicians.some((b) => b.ownerId === t.ownerId));
    if (added.length > 0) {
      const owners = await (deps.owners ?? (() => listActiveOwners()))().catch(() => null);
      if (!owners) return invalid({ _: UNREACHABLE });
      const active = new Set(owners.map((o) => o.ownerId));
      const errors: Record<string, string> = {};
      for (const t of added) {
        if (!active.has(t.ownerId)) errors[`${after.technicians.indexOf(t)}.ownerId`] = `${t.firstName} n'est pas un utilisateur actif du compte HubSpot.`;
      }
      if (Object.keys(errors).length > 0) return invalid(errors);
    }
  }
  if ((input.key === "technicians" || input.key === "service_area") && after.serviceArea && after.technicians.length > 0) {
    if (basesInside(after.serviceArea, after.technicians) === 0) {
      return invalid({ _: "La zone d'intervention exclut le point de départ de tous les techniciens : élargissez-la ou vérifiez les adresses de départ." });
    }
  }
  if (input.key === "services" || input.key === "technicians") {
    for (const s of after.services.filter((x) => x.booking === "online")) {
      if (!after.technicians.some((t) => s.requiredSkills.every((k) => t.skills.includes(k)))) {
        warnings.push(`« ${s.label} » : aucun technicien n'a toutes les compétences requises, aucun créneau ne sera proposé.`);
      }
    }
  }

  let conflicts: AvailabilityConflict[] = [];
  if (input.key === "technicians" || input.key === "closures") {
    const policyBefore = policyFromSettings(before);
    const policyAfter = policyFromSettings(after);
    const calendar = deps.calendar ?? hubspotCalendar([...policyBefore.technicians, ...policyAfter.technicians], { geocode: async () => null });
    try {
      conflicts = await findAvailabilityConflicts({ db: deps.db, calendar, now: deps.now, before: policyBefore, after: policyAfter });
    } catch (error) {
      log.warn({ scope: "console", err: error }, "appointments could not be read to check a settings change");
      return invalid({ _: "Le planning ne peut pas être lu pour le moment (HubSpot ne répond pas) : impossible de vérifier les rendez-vous touchés. Réessayez dans un instant." });
    }
    if (conflicts.length > 0 && !input.acknowledgeConflicts) {
      return {
        status: "affects_appointments",
        conflicts,
        message: `Ce changement touche ${conflicts.length} rendez-vous déjà pris : ils restent réservés, à déplacer avec les clients. Confirmez pour enregistrer.`,
      };
    }
  }

  const saved = await deps.db.transaction(async (tx) => {
    const result = await saveSettingsSection(asDb(tx), input.key, checked.value, { expectedVersion: input.expectedVersion, updatedBy: staff.email });
    if (!result.ok) return result;
    await recordStaffAudit(asDb(tx), {
      staff,
      action: `settings.${input.key}.save`,
      target: SETTINGS_LABELS[input.key],
      before: result.before,
      after: result.after,
      reason: conflicts.length > 0 ? `${conflicts.length} rendez-vous touchés, confirmé` : null,
    });
    return result;
  });
  if (!saved.ok) return saved.reason === "conflict" ? stale(saved.currentVersion) : invalid(issuesToFields(saved.issues));
  forgetSettings();
  return { status: "saved", version: saved.version, warnings };
}

function stale(currentVersion: number): SaveSettingsOutcome {
  return { status: "stale", currentVersion, message: "Quelqu'un a modifié cette section entre-temps : rechargez la page pour partir de la dernière version." };
}

/** The settings as the console shows them (any signed-in staff member may read them). */
export async function readConsoleSettings(staff: StaffSession, deps: Pick<ConsoleSettingsDeps, "db">): Promise<PortalSettings> {
  assertStaffRole(staff, undefined);
  return getSettings(deps.db);
}

