import { afterEach, describe, expect, it, vi } from "vitest";
import { processSingleton } from "@/lib/process/singleton";

/** lib/process/singleton.ts: one value per process, whichever copy of a module asks for it. */
const slots = globalThis as unknown as Record<string, unknown>;

describe("processSingleton", () => {
  afterEach(() => {
    delete slots.__duretTestSingletonA;
    delete slots.__duretTestSingletonB;
  });

  it("creates the value once and answers it to every later caller of the same key", () => {
    const create = vi.fn(() => ({ count: 0 }));
    const first = processSingleton("__duretTestSingletonA", create);
    first.count++;
    const second = processSingleton("__duretTestSingletonA", create);
    expect(second).toBe(first);
    expect(second.count).toBe(1);
    expect(create).toHaveBeenCalledTimes(1);
    expect(processSingleton("__duretTestSingletonB", () => ({ count: 0 }))).not.toBe(first);
  });

  it("survives the module being evaluated again (a Next.js dev reload, another bundle)", async () => {
    const value = processSingleton("__duretTestSingletonA", () => new Map<string, string>());
    value.set("kept", "yes");
    vi.resetModules();
    const reloaded = (await import("@/lib/process/singleton")) as typeof import("@/lib/process/singleton");
    expect(reloaded.processSingleton).not.toBe(processSingleton);
    expect(reloaded.processSingleton("__duretTestSingletonA", () => new Map<string, string>()).get("kept")).toBe("yes");
  });
});
