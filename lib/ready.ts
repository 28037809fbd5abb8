/**
 * Whether every promise resolves within `ms`. Pages use it to choose between rendering their
 * content at once and streaming it behind a Suspense boundary: on a warm cache the data is in
 * memory and resolves in microtasks, and a boundary would only cost server time (its skeleton is
 * rendered, then replaced; bench/load.ts); on a cold cache (HubSpot round trips) the page streams
 * as before, `ms` later. A rejection answers false: the error then streams into the page's error
 * panel (HTTP 200) as it always did, instead of failing the response before its first byte.
 */
export async function resolvesWithin(promises: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const all = Promise.all(promises).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a page waits for its data before it streams instead (a warm view needs far less). */
export const READY_WITHIN_MS = 5;
