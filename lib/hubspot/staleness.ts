import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Which data a page section shows is older than it should be: while HubSpot fails, a cached read
 * answers the last value it knew (cache.ts, stale-if-error) and notes here when that value was
 * fetched. A section runs its reads in `withStaleness` and gets, beside their result, the oldest
 * such time (null: everything is fresh), to say « Données du … » above what it shows. Scopes nest:
 * an inner one's notes reach the outer ones too.
 */
interface Scope {
  oldest: string | null;
  parent: Scope | undefined;
}

const scopes = new AsyncLocalStorage<Scope>();

export interface WithStaleness<T> {
  value: T;
  /** ISO instant the oldest stale value was fetched at; null when all of it is fresh. */
  staleSince: string | null;
}

export async function withStaleness<T>(run: () => Promise<T>): Promise<WithStaleness<T>> {
  const scope: Scope = { oldest: null, parent: scopes.getStore() };
  const value = await scopes.run(scope, run);
  return { value, staleSince: scope.oldest };
}

/** A read of the current scope (if any) answered a value fetched at `fetchedAt` (ISO). */
export function noteStale(fetchedAt: string): void {
  for (let scope = scopes.getStore(); scope; scope = scope.parent) {
    if (scope.oldest === null || fetchedAt < scope.oldest) scope.oldest = fetchedAt;
  }
}
