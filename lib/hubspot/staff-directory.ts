import "server-only";
import { processSingleton } from "@/lib/process/singleton";
import { listOwners } from "./api";
import type { HsOwner } from "./schemas";

/**
 * Who may use the staff console: the active users of the connected HubSpot account, read from
 * HubSpot's owners API (`GET /crm/v3/owners`, which lists active owners only; a deactivated user's
 * owner is answered only with `archived=true`). The same call as the technicians' list
 * (api.ts listOwners), but not its hour-long shared cache: a user deactivated in HubSpot must be
 * refused at the console's next request, so the list is remembered here for at most
 * ACTIVE_OWNERS_MEMORY_MS (30 s) per process. Concurrent readers share one HubSpot call.
 */
export const ACTIVE_OWNERS_MEMORY_MS = 30_000;
/** How old a remembered list may be when HubSpot cannot be reached. */
export const ACTIVE_OWNERS_STALE_MAX_MS = 10 * 60_000;

export interface ActiveOwner {
  ownerId: string;
  userId: string | null;
  /** Lower case. */
  email: string;
  firstName: string | null;
  lastName: string | null;
}

interface Memory {
  at: number;
  owners: ActiveOwner[] | null;
  pending: Promise<ActiveOwner[]> | null;
}
const memory = processSingleton<Memory>("__duretActiveOwners", () => ({ at: 0, owners: null, pending: null }));

function toActiveOwner(o: HsOwner): ActiveOwner | null {
  // A team or queue owner has no email; an owner without a user id is not a HubSpot user.
  if (o.archived || !o.email || o.userId === null || o.userId === undefined) return null;
  return { ownerId: o.id, userId: String(o.userId), email: o.email.trim().toLowerCase(), firstName: o.firstName ?? null, lastName: o.lastName ?? null };
}

/** The active users of the HubSpot account: at most 30 s old (10 min while HubSpot cannot be reached; then it throws). */
export async function listActiveOwners(now: number = Date.now()): Promise<ActiveOwner[]> {
  if (memory.owners && now - memory.at < ACTIVE_OWNERS_MEMORY_MS && now >= memory.at) return memory.owners;
  memory.pending ??= listOwners()
    .catch((error: unknown) => {
      // HubSpot unreachable: a list checked less than ACTIVE_OWNERS_STALE_MAX_MS ago still answers
      // (the delivery desk is needed most during an outage); past that the console refuses.
      if (memory.owners && now - memory.at < ACTIVE_OWNERS_STALE_MAX_MS) return null;
      throw error;
    })
    .then((owners) => {
      if (owners === null) return memory.owners!;
      const active = owners.map(toActiveOwner).filter((o): o is ActiveOwner => o !== null);
      memory.owners = active;
      memory.at = now;
      return active;
    })
    .finally(() => {
      memory.pending = null;
    });
  return memory.pending;
}

/** The active HubSpot user with this email, or null (unknown, a team, or deactivated). */
export async function findActiveOwnerByEmail(email: string, now?: number): Promise<ActiveOwner | null> {
  const wanted = email.trim().toLowerCase();
  return (await listActiveOwners(now)).find((o) => o.email === wanted) ?? null;
}

/** Tests: forget the remembered list. */
export function forgetActiveOwners(): void {
  memory.owners = null;
  memory.at = 0;
}
