import { afterAll, describe, expect, it } from "vitest";
import { createMemoryBus, createPostgresBus, type LiveBus, type LiveEvent } from "@/lib/live/bus";

/**
 * Live fan-out across instances. Under `npm run test:pg` (TEST_DATABASE_URL): two buses with their
 * own LISTEN connections on the same PostgreSQL server stand for two app instances: an event
 * published by one reaches the other's subscribers within 2 s, only for the right customer.
 * Without a server (PGlite, one process) the in-process bus is checked instead.
 */
const url = process.env.TEST_DATABASE_URL;
const buses: LiveBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

function next(bus: LiveBus, contactId: string): Promise<LiveEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe(contactId, (e) => {
      off();
      resolve(e);
    });
  });
}

describe.runIf(url)("live bus over LISTEN/NOTIFY (two instances)", () => {
  it("delivers an event published on instance A to instance B in under 2 s, per customer", async () => {
    const a = createPostgresBus(url!);
    const b = createPostgresBus(url!);
    buses.push(a, b);
    const otherCustomer: LiveEvent[] = [];
    b.subscribe("10002", (e) => otherCustomer.push(e));
    const received = next(b, "10001");
    const onA = next(a, "10001");
    await Promise.all([a.ready(), b.ready()]);
    const started = Date.now();
    await a.publish({ contactId: "10001", topic: "ticket", id: "30001", at: started });
    const event = await received;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(event).toMatchObject({ contactId: "10001", topic: "ticket", id: "30001" });
    expect((await onA).id).toBe("30001");
    await new Promise((r) => setTimeout(r, 200));
    expect(otherCustomer).toEqual([]);
  });

  it("refuses malformed events before sending them", async () => {
    const a = createPostgresBus(url!);
    buses.push(a);
    await expect(a.publish({ contactId: "x; drop", topic: "ticket", id: "1", at: 1 } as LiveEvent)).rejects.toThrow();
  });
});

describe.runIf(!url)("live bus in process (PGlite)", () => {
  it("delivers to the customer's subscribers only", async () => {
    const bus = createMemoryBus();
    const other: LiveEvent[] = [];
    bus.subscribe("10002", (e) => other.push(e));
    const got = next(bus, "10001");
    await bus.publish({ contactId: "10001", topic: "message", id: "m1", at: Date.now() });
    expect((await got).id).toBe("m1");
    expect(other).toEqual([]);
  });
});
