import "server-only";
import { AppError } from "@/lib/errors";
import { batchReadObjects, createObject, listAssociatedIds, searchObjects, updateObject, type SearchRequest } from "./api";
import { CACHE_TTL, cacheTags, cached, invalidateTags } from "./cache";
import { READ_PROPERTIES, str, toAppointment, type OwnerLookup } from "./mappers";
import { resolvePipeline } from "./pipelines";
import { loadOwners } from "./queries";
import type { HsObject } from "./schemas";
import { bookingMeetingReference } from "./markers";
import { ASSOCIATION_TYPES } from "./spec";
import type { Appointment, InterventionType, MeetingOutcome } from "@/lib/model/types";

/**
 * Booking reads and writes (issue 4): technicians' meetings over a period (their busy time), and
 * the meeting + intervention ticket a portal reservation becomes. The outbox creates them once
 * (lib/hubspot/create-once.ts): the ticket is found again by its `portal_booking_id`, the meeting
 * by the reservation's reference in its internal notes.
 */

/** Tag dropped by every booking write: the technicians' calendar cache. */
export const CALENDAR_TAG = "technicians:calendar";

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };
function search(filters: Filter[], properties: readonly string[], after?: string, limit = 200): SearchRequest {
  return {
    filterGroups: [{ filters }],
    properties: [...properties],
    sorts: [{ propertyName: "hs_meeting_start_time", direction: "ASCENDING" }],
    limit,
    ...(after ? { after } : {}),
  } as unknown as SearchRequest;
}

async function ownerLookup(): Promise<OwnerLookup> {
  return Object.fromEntries((await loadOwners()).map((o) => [o.id, o]));
}

/** Meetings of the given technicians starting in [from, to), all pages (search: 200 a page). */
async function searchTechnicianMeetings(ownerIds: readonly string[], from: string, to: string): Promise<HsObject[]> {
  if (ownerIds.length === 0) return [];
  const out: HsObject[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const filters: Filter[] = [
      { propertyName: "hs_meeting_start_time", operator: "BETWEEN", value: String(Date.parse(from)), highValue: String(Date.parse(to) - 1) },
      { propertyName: "hubspot_owner_id", operator: "IN", values: [...ownerIds] },
    ];
    const { results } = await searchObjects("meetings", search(filters, READ_PROPERTIES.meetings, after));
    out.push(...results);
    if (results.length < 200) break;
    after = String(out.length);
  }
  return out;
}

/**
 * Technicians' meetings over a period, as domain appointments. `fresh` skips the shared cache (the
 * re-check right before a booking is written); otherwise the result is cached for a short while and
 * dropped by every booking write and by meeting webhooks' bounded staleness (HUBSPOT_CACHE_TTL_S).
 */
export async function listTechnicianAppointments(ownerIds: readonly string[], from: string, to: string, opts: { fresh?: boolean } = {}): Promise<Appointment[]> {
  const sorted = [...new Set(ownerIds)].sort();
  const load = () => searchTechnicianMeetings(sorted, from, to);
  const meetings = opts.fresh
    ? await load()
    : await cached(
        // Never an old calendar during an outage: the booking flow holds the slot instead (README).
        { key: `technician-meetings:${sorted.join(",")}:${from}:${to}`, tags: [CALENDAR_TAG], ttlSeconds: Math.min(CACHE_TTL.bounded, 120), staleIfError: false },
        load,
      );
  const owners = await ownerLookup();
  return meetings.map((m) => toAppointment(m, owners, null));
}

/** The intervention ticket of a portal booking (tickets take the portal's custom property). */
export async function findTicketByBookingId(bookingId: string): Promise<HsObject | null> {
  const req = {
    filterGroups: [{ filters: [{ propertyName: "portal_booking_id", operator: "EQ", value: bookingId }] }],
    properties: READ_PROPERTIES.tickets,
    limit: 10,
  } as unknown as SearchRequest;
  const { results } = await searchObjects("tickets", req);
  return results.filter((r) => str(r.properties, "portal_booking_id") === bookingId).sort((a, b) => Number(a.id) - Number(b.id))[0] ?? null;
}

/** The meeting created for this reservation on this ticket, if any (associations are read, not searched). */
export async function findBookingMeeting(ticketId: string, reservationId: string): Promise<string | null> {
  const ids = await listAssociatedIds("tickets", ticketId, "meetings");
  if (ids.length === 0) return null;
  const meetings = await batchReadObjects("meetings", ids, ["hs_internal_meeting_notes"]);
  const reference = bookingMeetingReference(reservationId);
  return meetings.filter((m) => (str(m.properties, "hs_internal_meeting_notes") ?? "").includes(reference)).sort((a, b) => Number(a.id) - Number(b.id))[0]?.id ?? null;
}

export interface InterventionTicketInput {
  bookingId: string;
  contactId: string;
  technicianId: string;
  type: InterventionType;
  subject: string;
  description: string;
  address: string;
  start: string;
  end: string;
}

async function stageId(key: "scheduled" | "cancelled"): Promise<{ pipelineId: string; stageId: string }> {
  const pipeline = await resolvePipeline("interventions");
  const id = pipeline.stageIdByKey[key];
  if (!pipeline.pipelineId || !id) throw new AppError("INTERNAL", `Interventions pipeline or stage "${key}" missing (run npm run hubspot:setup)`);
  return { pipelineId: pipeline.pipelineId, stageId: id };
}

export async function createInterventionTicket(input: InterventionTicketInput): Promise<string> {
  const { pipelineId, stageId: stage } = await stageId("scheduled");
  const created = await createObject(
    "tickets",
    {
      subject: input.subject,
      content: input.description,
      hs_pipeline: pipelineId,
      hs_pipeline_stage: stage,
      hubspot_owner_id: input.technicianId,
      intervention_type: input.type,
      intervention_address: input.address,
      intervention_start: input.start,
      intervention_end: input.end,
      portal_booking_id: input.bookingId,
    },
    [{ toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.ticket_to_contact }],
  );
  await invalidateTags([cacheTags.contactList(input.contactId, "tickets"), cacheTags.ticket(created.id)]);
  return created.id;
}

/** Moves the intervention ticket (reschedule: new times and technician; cancel: "cancelled" stage). */
export async function updateInterventionTicket(
  ticketId: string,
  contactId: string,
  change: { stage: "scheduled" | "cancelled"; technicianId?: string; start?: string; end?: string; address?: string },
): Promise<void> {
  const { stageId: stage } = await stageId(change.stage);
  const properties: Record<string, string> = { hs_pipeline_stage: stage };
  if (change.technicianId) properties.hubspot_owner_id = change.technicianId;
  if (change.start) properties.intervention_start = change.start;
  if (change.end) properties.intervention_end = change.end;
  if (change.address) properties.intervention_address = change.address;
  try {
    await updateObject("tickets", ticketId, properties);
  } finally {
    await invalidateTags([cacheTags.ticket(ticketId), cacheTags.contactList(contactId, "tickets")]);
  }
}

export interface BookingMeetingInput {
  /** The reservation id (one meeting per reservation: a reschedule creates a new one). */
  reservationId: string;
  contactId: string;
  ticketId: string;
  technicianId: string;
  title: string;
  body: string;
  location: string;
  start: string;
  end: string;
}

export async function createBookingMeeting(input: BookingMeetingInput): Promise<string> {
  const created = await createObject(
    "meetings",
    {
      hs_timestamp: input.start,
      hs_meeting_title: input.title,
      hs_meeting_body: input.body,
      hs_meeting_location: input.location,
      hs_meeting_location_type: "ADDRESS",
      hs_meeting_start_time: input.start,
      hs_meeting_end_time: input.end,
      hs_meeting_outcome: "SCHEDULED",
      hs_attendee_owner_ids: input.technicianId,
      hubspot_owner_id: input.technicianId,
      hs_internal_meeting_notes: bookingMeetingReference(input.reservationId),
    },
    [
      { toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.meeting_to_contact },
      { toType: "tickets", toId: input.ticketId, typeId: ASSOCIATION_TYPES.meeting_to_ticket },
    ],
  );
  await invalidateTags([cacheTags.contactList(input.contactId, "meetings"), cacheTags.ticket(input.ticketId), CALENDAR_TAG]);
  return created.id;
}

export async function setMeetingOutcome(meetingId: string, contactId: string, outcome: MeetingOutcome): Promise<void> {
  try {
    await updateObject("meetings", meetingId, { hs_meeting_outcome: outcome });
  } finally {
    await invalidateTags([cacheTags.meeting(meetingId), cacheTags.contactList(contactId, "meetings"), CALENDAR_TAG]);
  }
}

export function meetingOutcomeOf(meeting: HsObject): string | null {
  return str(meeting.properties, "hs_meeting_outcome")?.toUpperCase() ?? null;
}
