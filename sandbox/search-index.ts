import type { CrmObjectType } from "@/lib/hubspot/spec";
import type { SandboxStore } from "@/sandbox/store";
import type { SandboxObject } from "@/sandbox/types";

/**
 * HubSpot's search index lags behind writes: "it may take a few moments for newly created or
 * updated objects to appear in search results" (HubSpot's CRM search guide). Reads by id and
 * associations see a write at once; search sees it only later. The sandbox models it: every write
 * of an object (create, property change, archive, GDPR purge) leaves search answering with the
 * object as it was before that write (absent for a new object, still present for an archived one)
 * until `lagMs` after the object's last write. Models the stricter case: with several writes in a
 * row, search shows the state before the first one until the lag after the last has passed.
 *
 * `SANDBOX_SEARCH_LAG_MS` (default 5000, 0 = search reads the store directly) or
 * `POST /_sandbox/search-lag {"ms": n}`; the clock is the sandbox's (tests inject it).
 */
export const DEFAULT_SEARCH_LAG_MS = 5000;

export function searchLagFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SANDBOX_SEARCH_LAG_MS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_SEARCH_LAG_MS;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms) : DEFAULT_SEARCH_LAG_MS;
}

interface Lagging {
  type: CrmObjectType;
  id: string;
  /** What search shows meanwhile (null: nothing). */
  indexed: SandboxObject | null;
  until: number;
}

function copy(o: SandboxObject): SandboxObject {
  return { ...o, properties: { ...o.properties } };
}

export class SearchIndex {
  private readonly lagging = new Map<string, Lagging>();

  constructor(
    private readonly store: SandboxStore,
    private readonly now: () => number,
    public lagMs: number,
  ) {
    store.onBeforeChange((type, id, before) => this.beforeChange(type, id, before));
  }

  private beforeChange(type: CrmObjectType, id: string, before: SandboxObject | undefined): void {
    if (this.lagMs <= 0) return;
    const key = `${type}:${id}`;
    const now = this.now();
    const until = now + this.lagMs;
    const entry = this.lagging.get(key);
    if (entry && entry.until > now) {
      entry.until = until;
      return;
    }
    this.lagging.set(key, { type, id, indexed: before && !before.archived ? copy(before) : null, until });
  }

  /** Changes still waiting for the index, across types (diagnosis). */
  pending(): number {
    this.prune();
    return this.lagging.size;
  }

  /** Forgets every pending change (reset; a lag set to 0). */
  clear(): void {
    this.lagging.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.lagging) if (entry.until <= now) this.lagging.delete(key);
  }

  /** The objects of a type as search sees them now, in id order. */
  list(type: CrmObjectType): SandboxObject[] {
    this.prune();
    if (this.lagging.size === 0) return this.store.list(type);
    const out: SandboxObject[] = [];
    for (const o of this.store.list(type)) {
      const entry = this.lagging.get(`${type}:${o.id}`);
      if (!entry) out.push(o);
      else if (entry.indexed) out.push(entry.indexed);
    }
    // Archived or purged since: still in the index until the lag has passed.
    for (const entry of this.lagging.values()) {
      if (entry.type !== type || !entry.indexed) continue;
      const live = this.store.getObject(type, entry.id);
      if (!live) out.push(entry.indexed);
    }
    return out.sort((a, b) => Number(a.id) - Number(b.id));
  }
}
