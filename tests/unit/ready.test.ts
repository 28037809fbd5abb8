import { describe, expect, it } from "vitest";
import { resolvesWithin } from "@/lib/ready";

/** lib/ready.ts: a page draws its content at once when its data is already there, else streams it. */
describe("resolvesWithin", () => {
  const later = <T,>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

  it("true when every promise resolves in time (data in memory: microtasks)", async () => {
    expect(await resolvesWithin([Promise.resolve(1), Promise.resolve().then(() => 2)], 5)).toBe(true);
    expect(await resolvesWithin([], 5)).toBe(true);
  });

  it("false when one is late (a HubSpot round trip): the page streams", async () => {
    const started = Date.now();
    expect(await resolvesWithin([Promise.resolve(1), later(200, 2)], 5)).toBe(false);
    expect(Date.now() - started).toBeLessThan(150);
  });

  it("false when one rejects, even at once: the error streams into the page's panel", async () => {
    const failing = Promise.reject(new Error("HubSpot down"));
    expect(await resolvesWithin([Promise.resolve(1), failing], 5)).toBe(false);
    // The rejection is handled (no unhandled rejection); the page's content still gets it.
    await expect(failing).rejects.toThrow("HubSpot down");
  });
});
