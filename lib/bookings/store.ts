import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { outbox, reservations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { currentDb } from "@/lib/db/current";
import { getEnv } from "@/lib/env";
import { createBanGeocoder } from "@/lib/geo";
import { getCustomer } from "@/lib/hubspot/queries";
import { channelsOf } from "@/lib/contact/channels";
import type { Customer, InterventionType } from "@/lib/model/types";
import { deliveriesOf, type Delivery } from "@/lib/outbox/delivery";
import { enqueueHubSpotWrite, enqueueNotification } from "@/lib/outbox/enqueue";
import type { GeoPoint } from "./availability";
import { hubspotCalendar, type CalendarSource } from "./calendar";
import { findOfferedService, getService, type Service } from "./catalogue";
import { policyFromSettings, type BookingPolicy } from "./config";
import type { Geocoder } from "./geocoder";
import { getSettings } from "@/lib/settings";
import { parisDateOf, parisLocalToInstant, addDays, parseTimeOfDay } from "@/lib/time/paris";
import { bookingIdSchema } from "./schemas";
import { manageUrl, signManageToken } from "./tokens";

/** Shared plumbing of the booking core functions (reservations rows, views, notifications). */

export type Reservation = typeof reservations.$inferSelect;

export interface CustomerProfile {
  firstName: string | null;
  email: string | null;
  /** E.164 of a mobile, or null when the stored number cannot receive an SMS (a landline). */
  phone: string | null;
  locale: "fr" | "en";
  /** The address on file, one line ("12 rue Royale, 69001 Lyon"), for the pre-filled form. */
  address: string | null;
  geo: GeoPoint | null;
}

export interface BookingDeps {
  db?: Db;
  now?: Date;
  calendar?: CalendarSource;
  customer?: (contactId: string) => Promise<CustomerProfile>;
  geocoder?: Geocoder;
  /** Default: built from the console's settings in force (lib/settings). */
  policy?: BookingPolicy;
}

export interface ResolvedDeps {
  db: Db;
  now: Date;
  calendar: CalendarSource;
  customer: (contactId: string) => Promise<CustomerProfile>;
  geocoder: Geocoder;
  policy: BookingPolicy;
}

export async function resolveDeps(deps: BookingDeps = {}): Promise<ResolvedDeps> {
  const db = deps.db ?? (await currentDb());
  const policy = deps.policy ?? (await bookingPolicyOf(db));
  // The Base Adresse Nationale (lib/geo), its answers cached in this database.
  const geocoder = deps.geocoder ?? createBanGeocoder({ baseUrl: getEnv().banApiUrl, timeoutMs: getEnv().BAN_TIMEOUT_MS, db: async () => db });
  return {
    db,
    now: deps.now ?? new Date(),
    calendar: deps.calendar ?? hubspotCalendar(policy.technicians, geocoder),
    customer: deps.customer ?? hubspotCustomerProfile,
    geocoder,
    policy,
  };
}

/** The booking policy from the settings in force (the console's; read on every call: a change applies at once). */
export async function bookingPolicyOf(db?: Db): Promise<BookingPolicy> {
  return policyFromSettings(await getSettings(db));
}

export async function hubspotCustomerProfile(contactId: string): Promise<CustomerProfile> {
  return customerProfileOf(await getCustomer(contactId));
}

/** The booking's view of a customer (whoever read them: HubSpot, or HubSpot with the account's pending writes). */
export function customerProfileOf(c: Pick<Customer, "firstName" | "email" | "phone" | "language" | "address" | "geo">): CustomerProfile {
  const cityLine = [c.address.zip, c.address.city].filter(Boolean).join(" ");
  const address = [c.address.line, cityLine].filter(Boolean).join(", ") || null;
  // lib/contact's rule: a valid email, and a phone only when an SMS can reach it (never a landline).
  const { email, phone, locale } = channelsOf(c);
  return { firstName: c.firstName, email, phone, locale, address, geo: c.geo };
}

// ---- input schemas shared by forms and actions: ./schemas.ts (the browser imports them too) ----

export {
  addressSchema,
  noteSchema,
  idempotencyKeySchema,
  bookingIdSchema,
  technicianIdSchema,
  startSchema,
  BOOKING_UPLOAD_PURPOSE,
  MAX_BOOKING_PHOTOS,
  uploadIdsSchema,
} from "./schemas";

// ---- errors ----

export const MESSAGES = {
  notFound: "Rendez-vous introuvable.",
  slotTaken: "Ce créneau vient d'être réservé. Voici les créneaux encore disponibles.",
  past: "Ce créneau est déjà passé. Choisissez un autre créneau.",
  tooSoon: "Ce créneau est trop proche : les réservations en ligne commencent le prochain jour ouvré.",
  beyondHorizon: (days: number) => `Ce créneau est trop loin : la réservation en ligne est ouverte sur les ${days} prochains jours.`,
  requestOnly: "Ce service ne se réserve pas en ligne : envoyez-nous une demande, nous vous proposerons un rendez-vous.",
  addressNeeded: "Indiquez l'adresse de l'intervention.",
  tooLate: (hours: number, phone: string | null) =>
    `Ce rendez-vous commence dans moins de ${hours} heures : il ne peut plus être modifié en ligne. ${phone ? `Appelez-nous au ${phone}.` : "Écrivez-nous depuis la rubrique Messages."}`,
  notActive: "Ce rendez-vous a déjà été annulé ou déplacé.",
  alreadyCancelled: "Ce rendez-vous est déjà annulé.",
  awaitingConfirmation: "Ce rendez-vous attend encore sa confirmation : vous pourrez le déplacer dès qu'il sera confirmé.",
  calendarUnavailableForMove: (phone: string | null) =>
    `Nous ne pouvons pas vérifier le planning du technicien pour le moment : votre rendez-vous actuel est conservé. Réessayez dans quelques minutes${phone ? ` ou appelez-nous au ${phone}` : ""}.`,
} as const;

export function bookingError(code: "NOT_FOUND" | "VALIDATION" | "CONFLICT", userMessage: string, internal = userMessage): AppError {
  return new AppError(code, internal, { userMessage });
}

/** SQLSTATE of a database error, through Drizzle's wrapper. */
export function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
export const EXCLUSION_VIOLATION = "23P01";
export const UNIQUE_VIOLATION = "23505";
/** PostgreSQL aborted the transaction to break a deadlock, or a serialization conflict. */
const RETRYABLE = new Set(["40P01", "40001"]);

export function isRetryableConflict(error: unknown): boolean {
  return RETRYABLE.has(pgCode(error) ?? "");
}

/**
 * Runs a booking's write transaction again when PostgreSQL aborted it to break a deadlock. Two
 * simultaneous bookings of overlapping times each insert their row, then check the other's
 * uncommitted row under the exclusion constraint and wait for each other: PostgreSQL aborts one
 * (40P01, seen in the 200-way race test). Run again, it meets the other's committed row (23P01:
 * "slot taken") or books if the other was the one rolled back. After `attempts` the error is thrown.
 */
export async function withConflictRetry<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

// ---- reads ----

/** The booking's current (confirmed) reservation, or its latest one; checked against the customer. */
export async function loadBooking(db: Db, contactId: string, bookingId: string): Promise<{ current: Reservation; chain: Reservation[] }> {
  if (!bookingIdSchema.safeParse(bookingId).success) throw bookingError("NOT_FOUND", MESSAGES.notFound, `invalid booking id`);
  const chain = await db.select().from(reservations).where(eq(reservations.bookingId, bookingId)).orderBy(reservations.createdAt);
  // A foreign booking looks exactly like a missing one.
  if (chain.length === 0 || chain.some((r) => r.contactId !== contactId)) throw bookingError("NOT_FOUND", MESSAGES.notFound, `booking ${bookingId} not found for contact`);
  const current = chain.find((r) => r.status === "confirmed" || r.status === "pending") ?? [...chain].sort((a, b) => +b.updatedAt - +a.updatedAt)[0]!;
  return { current, chain };
}

// ---- views ----

export interface BookingView {
  bookingId: string;
  reservationId: string;
  /** The service's id in the catalogue. */
  service: string;
  serviceType: InterventionType;
  /** French (the staff's and HubSpot's language). */
  serviceLabel: string;
  serviceLabelEn: string;
  start: string;
  end: string;
  technicianId: string;
  technicianName: string | null;
  address: string;
  note: string | null;
  /**
   * `pending`: taken while HubSpot could not be read, « en attente de confirmation »;
   * `unavailable`: its time was taken in HubSpot meanwhile, nothing is booked.
   */
  status: "confirmed" | "pending" | "unavailable" | "rescheduled" | "cancelled";
  /** HubSpot does not have the latest change yet ("en cours de transmission"). */
  transmitting: boolean;
  /** Reschedule / cancel still allowed online. */
  canChange: boolean;
  /** Until when (ISO). */
  changeDeadline: string;
  /** ICS SEQUENCE of the current state (grows with each change). */
  sequence: number;
}

/** The service a customer asks for: in the catalogue and still offered, else a French refusal. */
export function offeredService(id: string, policy: Pick<BookingPolicy, "services">): Service {
  const service = findOfferedService(id, policy.services);
  if (!service) throw bookingError("VALIDATION", "Cette prestation n'est pas proposée : choisissez-en une dans la liste.", `unknown or withdrawn service ${id}`);
  return service;
}

export function technicianName(id: string, policy: Pick<BookingPolicy, "technicians">): string | null {
  return policy.technicians.find((t) => t.id === id)?.firstName ?? null;
}

export function changeDeadline(r: Pick<Reservation, "startsAt">, policy: BookingPolicy): Date {
  return new Date(r.startsAt.getTime() - policy.changeLimitHours * 3_600_000);
}

export function toBookingView(r: Reservation, policy: BookingPolicy, now: Date, chainLength = 1): BookingView {
  const deadline = changeDeadline(r, policy);
  const service = getService(r.serviceType, policy.services);
  return {
    bookingId: r.bookingId,
    reservationId: r.id,
    service: service.id,
    serviceType: service.type,
    serviceLabel: service.label,
    serviceLabelEn: service.en.label,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    technicianId: r.technicianId,
    technicianName: technicianName(r.technicianId, policy),
    address: r.address,
    note: r.note,
    status: r.status as BookingView["status"],
    // Nothing goes to HubSpot before a pending booking is confirmed, nor for one that was not.
    transmitting: (r.status !== "pending" && r.status !== "unavailable") && (r.hubspotSyncedAt === null || r.hubspotSyncedAt < r.updatedAt),
    canChange: r.status === "confirmed" && now < deadline,
    changeDeadline: deadline.toISOString(),
    sequence: chainLength - 1 + (r.status === "cancelled" ? 1 : 0),
  };
}

// ---- outbox ----

/** When the reminder goes out: the day before the start, at the policy's Paris time; null if already past. */
export function reminderAt(start: Date, now: Date, policy: BookingPolicy): Date | null {
  const dayBefore = addDays(parisDateOf(start.getTime()), -1);
  const ms = parisLocalToInstant(dayBefore, parseTimeOfDay(policy.reminderTime));
  if (ms === null || ms <= now.getTime() || ms >= start.getTime()) return null;
  return new Date(ms);
}

/** The outbox key of a booking message (one per reservation, channel and event). */
export function bookingNoticeKey(reservationId: string, channel: "email" | "sms", event: "confirmed" | "rescheduled" | "cancelled"): string {
  return `booking:${reservationId}:${channel}:${event}`;
}

/** What became of the messages announcing this change (the confirmation page says only what is true). */
export async function bookingDeliveries(db: Db, contactId: string, reservationId: string, event: "confirmed" | "rescheduled" | "cancelled"): Promise<Delivery[]> {
  return deliveriesOf(db, contactId, [bookingNoticeKey(reservationId, "email", event), bookingNoticeKey(reservationId, "sms", event)]);
}

export function reminderKey(reservationId: string): string {
  return `booking:${reservationId}:sms:reminder`;
}

/** Drops reminders not sent yet for these reservations (moved or cancelled appointments). */
export async function dropPendingReminders(tx: Db, reservationIds: readonly string[]): Promise<void> {
  if (reservationIds.length === 0) return;
  await tx
    .delete(outbox)
    .where(and(eq(outbox.status, "pending"), inArray(outbox.idempotencyKey, reservationIds.map(reminderKey))));
}

/** Prefix of the "booking.verify" outbox keys (a reservation id only). */
export const BOOKING_VERIFY_KEY_PREFIX = "booking.verify:";

/** The check of a booking taken « en attente de confirmation », in the caller's transaction. */
export async function enqueueBookingVerification(tx: Db, row: Reservation): Promise<void> {
  await enqueueHubSpotWrite(tx, { operation: "booking.verify", args: { reservationId: row.id }, idempotencyKey: `${BOOKING_VERIFY_KEY_PREFIX}${row.id}`, contactId: row.contactId });
}

/** Prefix of the "booking.sync" outbox keys (they carry only a reservation id: no personal data). */
export const BOOKING_SYNC_KEY_PREFIX = "booking.sync:";

/** The HubSpot sync of each reservation row, in the caller's transaction (one row per row and status). */
export async function enqueueBookingSync(tx: Db, rows: readonly Reservation[]): Promise<void> {
  for (const row of rows) {
    await enqueueHubSpotWrite(tx, { operation: "booking.sync", args: { reservationId: row.id }, idempotencyKey: `${BOOKING_SYNC_KEY_PREFIX}${row.id}:${row.status}`, contactId: row.contactId });
  }
}

/**
 * The outbox rows of a booking change, in the caller's transaction: the HubSpot sync of each
 * touched reservation, the email (with ICS) and SMS, and the reminder of the new time.
 */
export async function enqueueBookingEffects(
  tx: Db,
  input: {
    event: "confirmed" | "rescheduled" | "cancelled";
    reservation: Reservation;
    /** Other reservations whose HubSpot state changes (the old time of a reschedule). */
    alsoSync?: Reservation[];
    sequence: number;
    customer: CustomerProfile;
    now: Date;
    policy: BookingPolicy;
  },
): Promise<void> {
  const { reservation: r, customer, event } = input;
  await enqueueBookingSync(tx, [...(input.alsoSync ?? []), r]);
  const url = event === "cancelled" ? undefined : manageUrl(await signManageToken({ bookingId: r.bookingId, contactId: r.contactId }, input.now));
  const data = {
    event,
    bookingId: r.bookingId,
    sequence: input.sequence,
    ...(customer.firstName ? { firstName: customer.firstName.slice(0, 100) } : {}),
    service: getService(r.serviceType, input.policy.services).label,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    ...(technicianName(r.technicianId, input.policy) ? { technician: technicianName(r.technicianId, input.policy)! } : {}),
    address: r.address,
    ...(url ? { url } : {}),
    changeLimitHours: input.policy.changeLimitHours,
  };
  const locale = customer.locale;
  if (customer.email && z.email().safeParse(customer.email).success) {
    await enqueueNotification(tx, { kind: "email", template: "booking", to: customer.email, locale, data, sensitive: true, idempotencyKey: bookingNoticeKey(r.id, "email", event), contactId: r.contactId });
  }
  if (customer.phone) {
    await enqueueNotification(tx, { kind: "sms", template: "booking-sms", to: customer.phone, locale, data, sensitive: true, idempotencyKey: bookingNoticeKey(r.id, "sms", event), contactId: r.contactId });
    const at = event === "cancelled" ? null : reminderAt(r.startsAt, input.now, input.policy);
    if (at) {
      await enqueueNotification(tx, {
        kind: "sms",
        template: "booking-sms",
        to: customer.phone,
        locale,
        data: { ...data, event: "reminder" },
        sensitive: true,
        idempotencyKey: reminderKey(r.id),
        contactId: r.contactId,
        notBefore: at,
        // Honours the customer's preference for reminders (checked again at delivery).
        category: "reminder",
      });
    }
  }
}
