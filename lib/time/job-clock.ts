import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The clock of the background job under way (the outbox worker's, injected in tests): code deep in
 * a job (lib/hubspot/create-once.ts) reads time from it without every caller passing a clock.
 * Outside a job: the wall clock.
 */
const jobClock = new AsyncLocalStorage<() => number>();

export function runWithJobClock<T>(now: () => number, fn: () => Promise<T>): Promise<T> {
  return jobClock.run(now, fn);
}

export function jobNow(): number {
  return (jobClock.getStore() ?? Date.now)();
}
