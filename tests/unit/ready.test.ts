import { afterEach, describe, expect, it, vi } from "vitest";
import { resolvesWithin } from "@/lib/ready";

/** lib/ready.ts: a page draws its content at once when its data is already there, else streams it. */
describe("resolvesWithin", () => {
  const later = <T,>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

  it("true when every promise resolves in time (data in memory: microtasks)", async () => {
    expect(await resolvesWithin([Promise.resolve(1), Promise.resolve().then(() => 2)], 5)).toBe(true);
    expect(await resolvesWithin([], 5)).toBe(true);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("true when the last one resolves before the limit", async () => {
    vi.useFakeTimers();
    let answer: boolean | undefined;
    void resolvesWithin([Promise.resolve(1), later(4, 2)], 5).then((r) => (answer = r));
    await vi.advanceTimersByTimeAsync(4);
    expect(answer).toBe(true);
  });

  it("false when one is late (a HubSpot round trip): the page streams, at the limit, without waiting for it", async () => {
    vi.useFakeTimers();
    let answer: boolean | undefined;
    void resolvesWithin([Promise.resolve(1), later(200, 2)], 5).then((r) => (answer = r));
    await vi.advanceTimersByTimeAsync(4);
    expect(answer).toBeUndefined(); // still within the 5 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBe(false); // answered at 5 ms, long before the late one (200 ms)
    expect(vi.getTimerCount()).toBe(1); // its own timer is cleared; only the late promise's remains
  });

  it("false when one rejects, even at once: the error streams into the page's panel", async () => {
    const failing = Promise.reject(new Error("HubSpot down"));
    expect(await resolvesWithin([Promise.resolve(1), failing], 5)).toBe(false);
    // The rejection is handled (no unhandled rejection); the page's content still gets it.
    await expect(failing).rejects.toThrow("HubSpot down");
  });
});
