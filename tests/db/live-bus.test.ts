import { afterAll, describe, expect, it } from "vitest";
import { createMemoryBus, createPostgresBus, type LiveBus, type LiveEvent } from "@/lib/live/bus";

/**
 * Live fan-out across instances. Under `npm run test:pg` (TEST_DATABASE_URL): two buses with their
 * own LISTEN connections on the same PostgreSQL server stand for two app instances: an event
 * published by one reaches the other's subscribers, only for the right customer.
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
  it("delivers an event published on instance A to instance B, per customer", async () => {
    const a = createPostgresBus(url!);
    const b = createPostgresBus(url!);
    buses.push(a, b);
    const otherCustomer: LiveEvent[] = [];
    b.subscribe("10002", (e) => otherCustomer.push(e));
    const received = next(b, "10001");
    const onA = next(a, "10001");
    await Promise.all([a.ready(), b.ready()]);
    // Waits for the delivery itself (bounded by the test's timeout, not by a guess of the machine's speed).
    await a.publish({ contactId: "10001", topic: "ticket", id: "30001", at: 1_800_000_000_000 });
    const event = await received;
    expect(event).toMatchObject({ contactId: "10001", topic: "ticket", id: "30001" });
    expect((await onA).id).toBe("30001");
    // Notifications from one connection arrive in order: once the other customer's own event is
    // there, the first one would have been too had it leaked.
    const theirs = next(b, "10002");
    await a.publish({ contactId: "10002", topic: "ticket", id: "30002", at: 1_800_000_000_000 });
    await theirs;
    expect(otherCustomer.map((e) => e.id)).toEqual(["30002"]);
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
    await bus.publish({ contactId: "10001", topic: "message", id: "m1", at: 1_800_000_000_000 });
    expect((await got).id).toBe("m1");
    expect(other).toEqual([]);
  });
});
