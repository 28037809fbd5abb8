/**
 * A clock of virtual milliseconds for `hubspotCall` (configureHubSpotCall({ now, sleep })) and,
 * when HubSpot is the sandbox, for the sandbox's injected network conditions
 * (createSandbox({ clock: clock.sandbox })). Time passes only when the code waits on it, so no
 * assertion depends on the machine's speed:
 * - a backoff pause (`sleep` without a signal) passes at once and is recorded in `pauses`;
 * - an attempt's timeout (`sleep` with the attempt's signal) passes only once HubSpot is holding
 *   the request (a "hang" of the fake HubSpot, a sandbox fault or latency), never while it answers;
 *   when the sandbox would answer before the timeout, its wait ends first.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Time spent elsewhere (e.g. queueing for the budget). */
  advance(ms: number): void;
  /** Backoff pauses, in order. */
  readonly pauses: number[];
  /** For createSandbox({ clock }): the sandbox holds requests on this clock. */
  readonly sandbox: { now(): number; sleep(ms: number): Promise<void> };
}

export interface HeldSource {
  /** How many requests HubSpot has held (left unanswered) so far. */
  held(): number;
  /** Resolves once `count` requests in all have been held. */
  whenHeld(count: number): Promise<void>;
}

export function virtualClock(heldBy?: HeldSource): VirtualClock {
  let now = 0;
  const pauses: number[] = [];
  // The sandbox's own waits (latency, timeout faults): held requests, released at their time.
  const sandboxTimers = new Set<{ at: number; release: () => void }>();
  let sandboxHeld = 0;
  let heldWaiters: { count: number; resolve: () => void }[] = [];
  const source: HeldSource = heldBy ?? {
    held: () => sandboxHeld,
    whenHeld: (count) => (sandboxHeld >= count ? Promise.resolve() : new Promise<void>((resolve) => heldWaiters.push({ count, resolve }))),
  };

  const advanceTo = (at: number) => {
    if (at > now) now = at;
    for (const timer of [...sandboxTimers].sort((a, b) => a.at - b.at)) {
      if (timer.at > now) break;
      sandboxTimers.delete(timer);
      timer.release();
    }
  };

  return {
    pauses,
    now: () => now,
    advance: (ms) => advanceTo(now + ms),
    async sleep(ms, signal) {
      if (!signal) {
        pauses.push(ms);
        advanceTo(now + ms);
        return;
      }
      const at = now + ms;
      const ended = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      let seen = source.held();
      for (;;) {
        await Promise.race([source.whenHeld(seen + 1), ended]);
        if (signal.aborted) return; // answered in time: this timeout never fires
        seen = source.held();
        const first = [...sandboxTimers].sort((a, b) => a.at - b.at)[0];
        if (first && first.at < at) {
          advanceTo(first.at); // the sandbox answers before the timeout; wait for what comes next
          continue;
        }
        advanceTo(at);
        return;
      }
    },
    sandbox: {
      now: () => now,
      sleep(ms) {
        if (ms <= 0) return Promise.resolve();
        return new Promise<void>((release) => {
          sandboxTimers.add({ at: now + ms, release });
          sandboxHeld++;
          for (const w of heldWaiters.filter((w) => w.count <= sandboxHeld)) w.resolve();
          heldWaiters = heldWaiters.filter((w) => w.count > sandboxHeld);
        });
      },
    },
  };
}
