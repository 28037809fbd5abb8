import { bookingMeetingReference, customerNoteBody } from "@/lib/hubspot/markers";
import type { SandboxStore } from "@/sandbox/store";
import type { SandboxObject } from "@/sandbox/types";

/**
 * What the portal created in the sandbox, found the way the portal itself finds it: tickets by
 * their `portal_booking_id`, meetings (no custom property on meetings) by the reservation's
 * reference in their internal notes, customer notes by their body.
 */
export function bookingObjects(store: SandboxStore, type: "meetings" | "tickets", id: string): SandboxObject[] {
  if (type === "tickets") return store.list("tickets").filter((o) => o.properties.portal_booking_id === id);
  const reference = bookingMeetingReference(id);
  return store.list("meetings").filter((o) => (o.properties.hs_internal_meeting_notes ?? "").includes(reference));
}

/** The notes holding this customer message (the portal's header + the text). */
export function customerNotes(store: SandboxStore, text: string): SandboxObject[] {
  const body = customerNoteBody(text);
  return store.list("notes").filter((n) => n.properties.hs_note_body === body);
}
