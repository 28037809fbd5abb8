import "server-only";
import { AppError } from "@/lib/errors";
import { createObject, updateObject, type AssociationInput } from "./api";
import { cacheTags, invalidateTags } from "./cache";
import type { HsObject } from "./schemas";
import { CUSTOM_PROPERTIES, type CrmObjectType } from "./spec";

/**
 * Writes the foundation needs. Each write invalidates the cache tags of what it changed, on every
 * instance, before returning: the customer's next page view shows their change.
 */

/** Properties the Sage connector owns: the portal must never overwrite them. */
const SAGE_PROPERTIES = new Set(Object.values(CUSTOM_PROPERTIES).flatMap((list) => list.filter((p) => p.sage).map((p) => p.name)));

export async function updateContact(contactId: string, properties: Record<string, string>): Promise<void> {
  const forbidden = Object.keys(properties).filter((name) => SAGE_PROPERTIES.has(name));
  if (forbidden.length > 0) throw new AppError("FORBIDDEN", `Sage-owned properties cannot be written: ${forbidden.join(", ")}`);
  try {
    await updateObject("contacts", contactId, properties);
  } finally {
    // Even a failed write may have been applied (timeout): dropping the cache is always safe.
    await invalidateTags([cacheTags.contact(contactId)]);
  }
}

/** Tags to drop when an object of `type` is created for a contact (their lists of that type). */
export function contactListTagsFor(type: CrmObjectType, contactId: string): string[] {
  switch (type) {
    case "tickets":
      return [cacheTags.contactList(contactId, "tickets")];
    case "meetings":
      return [cacheTags.contactList(contactId, "meetings")];
    case "quotes":
      return [cacheTags.contactList(contactId, "quotes")];
    case "invoices":
      return [cacheTags.contactList(contactId, "invoices")];
    default:
      return [];
  }
}

export interface CreateAssociatedInput {
  type: CrmObjectType;
  properties: Record<string, string>;
  associations: AssociationInput[];
  /** Extra tags to drop (e.g. `ticket:<id>:notes` when adding a note to a ticket). */
  invalidate?: string[];
}

/**
 * Creates an object with its associations in one HubSpot request, then invalidates what lists it:
 * the associated contacts' lists of that type, the associated objects' tags (e.g. a note on a
 * ticket drops `ticket:<id>:notes`) and any extra tags given.
 */
export async function createAssociatedObject(input: CreateAssociatedInput): Promise<HsObject> {
  const created = await createObject(input.type, input.properties, input.associations);
  const tags = new Set(input.invalidate ?? []);
  for (const a of input.associations) {
    if (a.toType === "contacts") for (const t of contactListTagsFor(input.type, a.toId)) tags.add(t);
    if (a.toType === "tickets" && input.type === "notes") tags.add(cacheTags.ticketNotes(a.toId));
    if (a.toType === "tickets" && input.type === "meetings") tags.add(cacheTags.ticket(a.toId));
  }
  await invalidateTags([...tags]);
  return created;
}

/**
 * The id HubSpot names in a 409 on contact creation: « Contact already exists. Existing ID: 123 »
 * (HubSpot's documented conflict body for a duplicate email). null for any other error.
 */
export function existingContactIdOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const body = (e as { body?: unknown }).body;
    const message = typeof body === "string" ? body : typeof (body as { message?: unknown } | undefined)?.message === "string" ? (body as { message: string }).message : "";
    const match = /Existing ID:\s*(\d+)/i.exec(message);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Creates a contact (no associations). On HubSpot's 409 for an email that another contact already
 * has, answers that contact's id, read from the error (HubSpot's search may not show it yet).
 */
export async function createContact(properties: Record<string, string>): Promise<{ id: string; existed: boolean }> {
  try {
    const created = await createAssociatedObject({ type: "contacts", properties, associations: [] });
    return { id: created.id, existed: false };
  } catch (error) {
    const existing = existingContactIdOf(error);
    if (existing) return { id: existing, existed: true };
    throw error;
  }
}
