import "server-only";
import { and, eq, isNull, like, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { portalUploads, reservations } from "@/lib/db/schema";
import { ensureCustomerNote, uploadPrivateFile } from "@/lib/hubspot/conversations";
import { currentDb } from "@/lib/db/current";
import {
  createBookingMeeting,
  createInterventionTicket,
  findMeetingByBookingId,
  findTicketByBookingId,
  setMeetingOutcome,
  updateInterventionTicket,
} from "@/lib/hubspot/meetings";
import type { InterventionType } from "@/lib/model/types";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite, type HubSpotWriteContext } from "@/lib/outbox/handlers";
import { getService } from "./catalogue";
import { BOOKING_UPLOAD_PURPOSE } from "./store";
import { registerBookingVerifyHandler } from "./verify-booking";

/**
 * Outbox handler "booking.sync": makes HubSpot match one reservation row. At-least-once delivery
 * and several workers mean it may run twice, or concurrently with the sync of another row of the
 * same booking, so:
 * - the intervention ticket belongs to the booking (created once, by the first reservation's sync;
 *   later rows wait for its id), the meeting to the reservation row;
 * - before creating either, the row takes a lease on the id column ("creating:<ms>", 2 minutes),
 *   looks the object up by `portal_booking_id` (a create that timed out may have been applied),
 *   and only then creates it; a concurrent run finds the lease and is retried later;
 * - outcome and stage updates are plain PATCHes of the same values, harmless when repeated.
 */
const argsSchema = z.object({ reservationId: z.uuid() });
const LEASE_MS = 120_000;
const LEASE_PREFIX = "creating:";

export class SyncNotReadyError extends Error {}

function realId(value: string | null): string | null {
  return value && !value.startsWith(LEASE_PREFIX) ? value : null;
}

type IdColumn = typeof reservations.hubspotTicketId | typeof reservations.hubspotMeetingId;

/** Runs `create` once per row and column across workers; returns the HubSpot id. */
async function ensureId(db: Db, rowId: string, column: IdColumn, current: string | null, find: () => Promise<string | null>, create: () => Promise<string>, now: () => number): Promise<string> {
  const existing = realId(current);
  if (existing) return existing;
  const lease = `${LEASE_PREFIX}${now()}`;
  const expired = sql`(split_part(${column}, ':', 2))::bigint < ${now() - LEASE_MS}`;
  const claimed = await db
    .update(reservations)
    .set(column === reservations.hubspotTicketId ? { hubspotTicketId: lease } : { hubspotMeetingId: lease })
    .where(and(eq(reservations.id, rowId), or(isNull(column), and(like(column, `${LEASE_PREFIX}%`), expired))))
    .returning({ id: reservations.id });
  if (claimed.length === 0) {
    const [row] = await db.select().from(reservations).where(eq(reservations.id, rowId));
    const id = realId(column === reservations.hubspotTicketId ? (row?.hubspotTicketId ?? null) : (row?.hubspotMeetingId ?? null));
    if (id) return id;
    throw new SyncNotReadyError("another worker is creating this HubSpot object; retrying later");
  }
  let id: string;
  try {
    id = (await find()) ?? (await create());
  } catch (error) {
    // Release the lease so the retry does not wait for it to expire.
    await db
      .update(reservations)
      .set(column === reservations.hubspotTicketId ? { hubspotTicketId: null } : { hubspotMeetingId: null })
      .where(and(eq(reservations.id, rowId), eq(column, lease)));
    throw error;
  }
  await db
    .update(reservations)
    .set(column === reservations.hubspotTicketId ? { hubspotTicketId: id } : { hubspotMeetingId: id })
    .where(eq(reservations.id, rowId));
  return id;
}

export async function syncReservation(reservationId: string, opts: { db?: Db; now?: () => number } = {}): Promise<{ ticketId: string; meetingId: string; status: string }> {
  const db = opts.db ?? (await currentDb());
  const now = opts.now ?? Date.now;
  const [row] = await db.select().from(reservations).where(eq(reservations.id, reservationId));
  if (!row) throw new PermanentDeliveryError(`reservation ${reservationId} does not exist`);
  const [root] = row.id === row.bookingId ? [row] : await db.select().from(reservations).where(eq(reservations.id, row.bookingId));
  if (!root) throw new PermanentDeliveryError(`booking ${row.bookingId} has no first reservation`);
  const service = getService(row.serviceType as InterventionType);
  const description = [`Réservé en ligne depuis l'espace client.`, `Adresse : ${row.address}`, row.note ? `Note du client : ${row.note}` : ""].filter(Boolean).join("\n");

  let ticketId: string;
  if (row.id === root.id) {
    ticketId = await ensureId(
      db,
      root.id,
      reservations.hubspotTicketId,
      root.hubspotTicketId,
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
    async () => (await findMeetingByBookingId(row.id))?.id ?? null,
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
    const fileId = await uploadPrivateFile(upload.bytes, upload.fileName, `/portail/rendez-vous/${root.contactId}`);
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
