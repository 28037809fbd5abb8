/**
 * The process's memory copy primitive (store.ts: keyed, jittered expiry, refresh-ahead, single
 * flight, invalidation by tag, frozen or copied values) and its hookup to the database's NOTIFY
 * (feed.ts). Its users: the HubSpot cache's copy (lib/hubspot/memory-cache.ts) and the customers'
 * rows copy (row-memory.ts).
 */
export { createMemoryCache, type MemoryCache, type MemoryCacheOptions, type MemoryCacheStats, type StoreOptions } from "./store";
export { createInvalidationFeed, type InvalidationFeed, type InvalidationSource } from "./feed";
export { deepFreeze } from "./freeze";
