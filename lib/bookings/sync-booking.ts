import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { portalUploads, reservations } from "@/lib/db/schema";
import { ensureCustomerNote, uploadPrivateFile } from "@/lib/hubspot/conversations";
import { currentDb } from "@/lib/db/current";
import { createOnce } from "@/lib/hubspot/create-once";
import { jobNow } from "@/lib/time/job-clock";
import {
  createBookingMeeting,
  createInterventionTicket,
  findBookingMeeting,
  findTicketByBookingId,
  setMeetingOutcome,
  updateInterventionTicket,
} from "@/lib/hubspot/meetings";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite, type HubSpotWriteContext } from "@/lib/outbox/handlers";
import { getService } from "./catalogue";
import { getSettings } from "@/lib/settings";
import { BOOKING_UPLOAD_PURPOSE } from "./store";
import { registerBookingVerifyHandler } from "./verify-booking";

/**
 * Outbox handler "booking.sync": makes HubSpot match one reservation row. At-least-once delivery
 * and several workers mean it may run twice, or concurrently with the sync of another row of the
 * same booking, so:
 * - the intervention ticket belongs to the booking (created once, by the first reservation's sync;
 *   later rows wait for its id), the meeting to the reservation row;
 * - both are created through `createOnce` (lib/hubspot/create-once.ts): the id is recorded in
 *   PostgreSQL as soon as HubSpot returns it, then copied to the reservation row; a create whose
 *   outcome is unknown is looked up once HubSpot could have applied and indexed it (the ticket by
 *   its `portal_booking_id`, the meeting among the ticket's meetings by its reference), never
 *   blindly sent again;
 * - outcome and stage updates are plain PATCHes of the same values, harmless when repeated.
 */
const argsSchema = z.object({ reservationId: z.uuid() });
/** Rows written before migration 0012 may still hold a lease instead of an id. */
const LEASE_PREFIX = "creating:";

export class SyncNotReadyError extends Error {}

function realId(value: string | null): string | null {
  return value && !value.startsWith(LEASE_PREFIX) ? value : null;
}

type IdColumn = typeof reservations.hubspotTicketId | typeof reservations.hubspotMeetingId;

/** The HubSpot object of this row and column, created once (createOnce), its id kept on the row. */
async function ensureId(db: Db, rowId: string, column: IdColumn, current: string | null, key: string, objectType: "tickets" | "meetings", find: () => Promise<string | null>, create: () => Promise<string>, now: () => number): Promise<string> {
  const existing = realId(current);
  if (existing) return existing;
  const id = await createOnce({ key, objectType, find, create, db, now });
  await db
    .update(reservations)
    .set(column === reservations.hubspotTicketId ? { hubspotTicketId: id } : { hubspotMeetingId: id })
    .where(eq(reservations.id, rowId));
  return id;
}

export async function syncReservation(reservationId: string, opts: { db?: Db; now?: () => number } = {}): Promise<{ ticketId: string; meetingId: string; status: string }> {
  const db = opts.db ?? (await currentDb());
  const now = opts.now ?? jobNow;
  const [row] = await db.select().from(reservations).where(eq(reservations.id, reservationId));
  if (!row) throw new PermanentDeliveryError(`reservation ${reservationId} does not exist`);
  const [root] = row.id === row.bookingId ? [row] : await db.select().from(reservations).where(eq(reservations.id, row.bookingId));
  if (!root) throw new PermanentDeliveryError(`booking ${row.bookingId} has no first reservation`);
  const service = getService(row.serviceType, (await getSettings(db)).services);
  const description = [`Réservé en ligne depuis l'espace client.`, `Adresse : ${row.address}`, row.note ? `Note du client : ${row.note}` : ""].filter(Boolean).join("\n");

  let ticketId: string;
  if (row.id === root.id) {
    ticketId = await ensureId(
      db,
      root.id,
      reservations.hubspotTicketId,
      root.hubspotTicketId,
      `ticket:booking:${root.bookingId}`,
      "tickets",
      async () => (await findTicketByBookingId(root.bookingId))?.id ?? null,
      () =>
        createInterventionTicket({
          bookingId: root.bookingId,
          contactId: root.contactId,
          technicianId: root.technicianId,
          type: service.type,
          subject: `${service.label} — réservation en ligne`,
          description,
          address: root.address,
          start: root.startsAt.toISOString(),
          end: root.endsAt.toISOString(),
        }),
      now,
    );
  } else {
    const id = realId(root.hubspotTicketId);
    if (!id) throw new SyncNotReadyError("the booking's ticket is not created yet");
    ticketId = id;
  }

  if (row.id === root.id) await sendPhotos(db, root, ticketId);

  const meetingId = await ensureId(
    db,
    row.id,
    reservations.hubspotMeetingId,
    row.hubspotMeetingId,
    `meeting:reservation:${row.id}`,
    "meetings",
    () => findBookingMeeting(ticketId, row.id),
    () =>
      createBookingMeeting({
        reservationId: row.id,
        contactId: row.contactId,
        ticketId,
        technicianId: row.technicianId,
        title: `${service.label} (réservé en ligne)`,
        body: description,
        location: row.address,
        start: row.startsAt.toISOString(),
        end: row.endsAt.toISOString(),
      }),
    now,
  );

  if (row.status === "confirmed") {
    if (row.rescheduledFrom) {
      await updateInterventionTicket(ticketId, row.contactId, { stage: "scheduled", technicianId: row.technicianId, start: row.startsAt.toISOString(), end: row.endsAt.toISOString(), address: row.address });
    }
  } else if (row.status === "rescheduled") {
    await setMeetingOutcome(meetingId, row.contactId, "RESCHEDULED");
  } else if (row.status === "cancelled") {
    await setMeetingOutcome(meetingId, row.contactId, "CANCELED");
    await updateInterventionTicket(ticketId, row.contactId, { stage: "cancelled" });
  }

  // Synced = HubSpot has this row's latest state. A change since then keeps the flag off: its own
  // sync (another outbox row) sets it.
  await db
    .update(reservations)
    .set({ hubspotSyncedAt: sql`greatest(${reservations.updatedAt}, now())` })
    .where(and(eq(reservations.id, row.id), eq(reservations.status, row.status), eq(reservations.updatedAt, row.updatedAt)));
  return { ticketId, meetingId, status: row.status };
}

/**
 * The photos of the problem (first reservation only): each upload to HubSpot Files once (its file
 * id is kept on the upload row, the bytes dropped), then one note on the ticket carrying them,
 * found again by its `portal_message_id` on a redelivery.
 */
async function sendPhotos(db: Db, root: typeof reservations.$inferSelect, ticketId: string): Promise<void> {
  const uploads = await db
    .select()
    .from(portalUploads)
    .where(and(eq(portalUploads.attachedTo, root.id), eq(portalUploads.purpose, BOOKING_UPLOAD_PURPOSE), eq(portalUploads.contactId, root.contactId)))
    .orderBy(portalUploads.createdAt);
  if (uploads.length === 0) return;
  const fileIds: string[] = [];
  for (const upload of uploads) {
    if (upload.hubspotFileId) {
      fileIds.push(upload.hubspotFileId);
      continue;
    }
    if (!upload.bytes) throw new PermanentDeliveryError("booking.sync: photo bytes missing");
    const fileId = await uploadPrivateFile(upload.bytes, upload.fileName, `/portail/rendez-vous/${root.contactId}/${upload.id}`);
    await db.update(portalUploads).set({ hubspotFileId: fileId, bytes: null }).where(eq(portalUploads.id, upload.id));
    fileIds.push(fileId);
  }
  await ensureCustomerNote({
    messageId: `booking-photos:${root.id}`,
    contactId: root.contactId,
    ticketId,
    body: `Photos du problème jointes à la réservation en ligne.${root.note ? `\n${root.note}` : ""}`,
    attachmentIds: fileIds,
    at: root.createdAt,
  });
}

export async function handleBookingSync(args: unknown, ctx?: HubSpotWriteContext): Promise<unknown> {
  void ctx;
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError("booking.sync: invalid arguments");
  return syncReservation(parsed.data.reservationId);
}

/** Called by lib/outbox/register.ts in every process that runs a worker (idempotent). */
export function registerBookingHandlers(): void {
  registerHubSpotWrite("booking.sync", handleBookingSync);
  registerBookingVerifyHandler();
}
