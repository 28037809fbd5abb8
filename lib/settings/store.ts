import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { currentDb, usesProcessDb } from "@/lib/db/current";
import { openedProcessDb, type Db, type DbHandle } from "@/lib/db/client";
import { portalSettings } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { createInvalidationFeed, createMemoryCache, type InvalidationSource } from "@/lib/memory-cache";
import { processSingleton } from "@/lib/process/singleton";
import { serviceAreaSchema } from "@/lib/geo";
import { DEMO_SETTINGS } from "./demo-seed";
import {
  SETTINGS_KEYS,
  SETTINGS_SCHEMAS,
  type BookingRulesSettings,
  type ClosureSettings,
  type CompanySettings,
  type Service,
  type ServiceAreaSettings,
  type SettingsKey,
  type SettingsValue,
  type TechnicianSettings,
} from "./schemas";

/**
 * The business settings the staff edit in the console, read by every page and job.
 *
 * Stored in `portal_settings` (one row per section, validated on every read and write). Each process
 * keeps a copy, dropped by the database's own notification (trigger → channel `duret_settings`,
 * migration 0013) whoever writes: a change saved on one instance is used by every instance from
 * the moment it commits (PGlite: before the write returns; PostgreSQL: as soon as the LISTEN
 * connection hears it; while that connection is down every read goes to the database).
 *
 * Sections never saved: on the demo sandbox, the demo seed is written (once); with a real HubSpot
 * account, `company`, `service_area`, `services` and `technicians` stay empty — online booking is
 * closed and documents wait — until the staff fill the console; rules and closures have defaults.
 */
export const SETTINGS_CHANNEL = "duret_settings";

export interface PortalSettings {
  /** null until the staff enter it (real HubSpot): documents and emails cannot be produced. */
  company: CompanySettings | null;
  services: Service[];
  technicians: TechnicianSettings[];
  closures: ClosureSettings;
  bookingRules: BookingRulesSettings;
  /** null until configured: no address is in the area, online booking is closed. */
  serviceArea: ServiceAreaSettings | null;
  /** Each section's version (0 = never saved): a save names the version it edited. */
  versions: Record<SettingsKey, number>;
}

/**
 * The schemas the server checks with: the forms' (./schemas.ts, light enough for the browser), the
 * service area's communes and départements also checked against the official lists (lib/geo).
 */
const SERVER_SCHEMAS = {
  ...SETTINGS_SCHEMAS,
  service_area: SETTINGS_SCHEMAS.service_area.pipe(serviceAreaSchema as unknown as z.ZodType<ServiceAreaSettings, ServiceAreaSettings>),
} as const;

const DEFAULT_CLOSURES: ClosureSettings = { publicHolidays: true, periods: [] };
const DEFAULT_RULES: BookingRulesSettings = {
  minimumNotice: { kind: "next_working_day" },
  horizonDays: 60,
  changeLimitHours: 24,
  travelBufferMinutes: 15,
  dailyCapacity: 4,
  slotStepMinutes: 30,
  averageSpeedKmh: 30,
  reminderTime: "18:00",
};

interface Row {
  key: string;
  value: unknown;
  version: number;
}

function assemble(rows: readonly Row[]): PortalSettings {
  const versions = Object.fromEntries(SETTINGS_KEYS.map((k) => [k, 0])) as Record<SettingsKey, number>;
  const values: Partial<{ [K in SettingsKey]: SettingsValue<K> }> = {};
  for (const row of rows) {
    if (!(SETTINGS_KEYS as string[]).includes(row.key)) continue;
    const key = row.key as SettingsKey;
    const parsed = (SERVER_SCHEMAS[key] as z.ZodType).safeParse(row.value);
    // A stored value the current schema refuses (written by hand in psql?) counts as not configured:
    // a page says so instead of failing; the console shows the section to fill again.
    if (!parsed.success) {
      log.error({ scope: "settings", section: key, version: row.version }, "stored section does not pass its schema; treated as not configured");
      continue;
    }
    (values as Record<string, unknown>)[key] = parsed.data;
    versions[key] = row.version;
  }
  return {
    company: values.company ?? null,
    services: values.services ?? [],
    technicians: values.technicians ?? [],
    closures: values.closures ?? DEFAULT_CLOSURES,
    bookingRules: values.booking_rules ?? DEFAULT_RULES,
    serviceArea: values.service_area ?? null,
    versions,
  };
}

async function readRows(db: Db): Promise<Row[]> {
  return db.select({ key: portalSettings.key, value: portalSettings.value, version: portalSettings.version }).from(portalSettings);
}

/** Demo sandbox: writes the demo seed of every section never saved (concurrent starts: one wins). */
async function seedDemo(db: Db, present: ReadonlySet<string>): Promise<boolean> {
  const missing = SETTINGS_KEYS.filter((k) => !present.has(k));
  if (missing.length === 0) return false;
  await db
    .insert(portalSettings)
    .values(missing.map((key) => ({ key, value: (SERVER_SCHEMAS[key] as z.ZodType).parse(DEMO_SETTINGS[key]), version: 1, updatedBy: "demo-seed" })))
    .onConflictDoNothing();
  return true;
}

async function load(db: Db): Promise<PortalSettings> {
  let rows = await readRows(db);
  if (getEnv().sandbox && (await seedDemo(db, new Set(rows.map((r) => r.key))))) rows = await readRows(db);
  return assemble(rows);
}

/* ------------------------------------------------------------------ the process's copy */

function createSettingsMemory() {
  const memory = createMemoryCache<PortalSettings>({ maxAgeMs: () => getEnv().DB_MEMORY_S * 1000, maxEntries: 1, values: "frozen" });
  const feed = createInvalidationFeed({
    channel: SETTINGS_CHANNEL,
    label: "settings",
    onMessage: () => memory.clear(),
    onLost: () => memory.clear(),
  });
  return { memory, feed, db: undefined as Db | undefined };
}
const copy = processSingleton("__duretSettingsMemory", createSettingsMemory);

function sourceFor(handle: DbHandle): InvalidationSource {
  copy.db = handle.db;
  if (getEnv().DB_MEMORY_S === 0) return { kind: "off" };
  const { listenLocal } = handle;
  if (listenLocal) return { kind: "local", subscribe: (channel, onMessage) => listenLocal.call(handle, channel, onMessage) };
  const url = getEnv().DATABASE_URL;
  return url ? { kind: "listen", url } : { kind: "off" };
}

async function usable(db: Db): Promise<boolean> {
  if (!usesProcessDb()) return false;
  if (!copy.feed.mode) {
    const handle = openedProcessDb();
    if (!handle || handle.db !== db) return false;
    await copy.feed.startOnce(async () => sourceFor(handle));
  }
  return db === copy.db && copy.feed.usable();
}

/** The settings in force (frozen: never modify what you get). */
export async function getSettings(database?: Db): Promise<PortalSettings> {
  const db = database ?? (await currentDb());
  const epoch = copy.memory.epoch;
  // The copy serves the process's own database only (a test's or a script's is read directly).
  if (!(await usable(db))) return load(db);
  return copy.memory.read("settings", () => load(db), { epoch });
}

/** Drops this process's copy (after a save commits: no need to wait for the notification). */
export function forgetSettings(): void {
  copy.memory.clear();
}

/** Hits and misses of this process's copy (tests, metrics). */
export function settingsMemoryStats(): { hits: number; misses: number } {
  const { hits, misses } = copy.memory.stats();
  return { hits, misses };
}

/** Stops listening (process shutdown, tests). */
export async function closeSettingsMemory(): Promise<void> {
  await copy.feed.stop();
  copy.db = undefined;
  forgetSettings();
}

/* ------------------------------------------------------------------ saving */

export type SaveSectionResult<K extends SettingsKey> =
  | { ok: true; before: SettingsValue<K> | null; after: SettingsValue<K>; version: number }
  | { ok: false; reason: "invalid"; issues: { path: string; message: string }[] }
  | { ok: false; reason: "conflict"; currentVersion: number };

/** Validates one section as the server will save it (no write): the console checks it against the others first. */
export function validateSettingsSection<K extends SettingsKey>(key: K, value: unknown): { ok: true; value: SettingsValue<K> } | { ok: false; issues: { path: string; message: string }[] } {
  const parsed = (SERVER_SCHEMAS[key] as unknown as z.ZodType<SettingsValue<K>>).safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
}

/** The settings as they would be with one section replaced (already validated). */
export function withSection<K extends SettingsKey>(settings: PortalSettings, key: K, value: SettingsValue<K>): PortalSettings {
  const field = ({ company: "company", services: "services", technicians: "technicians", closures: "closures", booking_rules: "bookingRules", service_area: "serviceArea" } as const)[key];
  return { ...settings, [field]: value };
}

/**
 * Validates and saves one section inside the caller's transaction (`tx`: the console verb writes its
 * audit row in the same one). `expectedVersion` is the version the staff member edited (0 = never
 * saved): if someone saved in between, nothing is written and the caller shows the new version.
 */
export async function saveSettingsSection<K extends SettingsKey>(
  tx: Db,
  key: K,
  value: unknown,
  options: { expectedVersion: number; updatedBy: string },
): Promise<SaveSectionResult<K>> {
  const parsed = (SERVER_SCHEMAS[key] as unknown as z.ZodType<SettingsValue<K>>).safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: "invalid", issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
  }
  const [current] = await tx
    .select({ value: portalSettings.value, version: portalSettings.version })
    .from(portalSettings)
    .where(eq(portalSettings.key, key))
    .for("update");
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== options.expectedVersion) return { ok: false, reason: "conflict", currentVersion };
  const version = currentVersion + 1;
  await tx
    .insert(portalSettings)
    .values({ key, value: parsed.data as unknown, version, updatedBy: options.updatedBy })
    .onConflictDoUpdate({ target: portalSettings.key, set: { value: parsed.data as unknown, version, updatedBy: options.updatedBy, updatedAt: sql`now()` } });
  const before = current ? ((SERVER_SCHEMAS[key] as unknown as z.ZodType<SettingsValue<K>>).safeParse(current.value).data ?? null) : null;
  return { ok: true, before, after: parsed.data, version };
}
