import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryBus, createPostgresBus, type LiveBus } from "@/lib/live/bus";
import { followLiveSource, type LiveMode, type LiveSource } from "@/lib/live/live-client";
import { publishLive, setLiveBusForTests } from "@/lib/live/process-bus";
import { openLiveStream } from "@/lib/live/stream";
import { fakeClock } from "../auth/support";

/** The LISTEN connection of the PostgreSQL bus, driven by the test (no server needed). */
const listen = vi.hoisted(() => ({ handlers: undefined as undefined | { onMessage(payload: string): void; onUp?(): void; onDown?(): void }, up: true }));
vi.mock("@/lib/db/listen", () => ({
  listenChannel: (_url: string, _channel: string, handlers: NonNullable<typeof listen.handlers>) => {
    listen.handlers = handlers;
    return { ready: async () => {}, start() {}, listening: true, close: async () => {} };
  },
}));

/**
 * Live tracking is never stale (issue 16, point 4): a stage changed between the page's render and
 * its stream's subscription (the webhook's publish then reaches no one) is shown once the stream
 * opens, and again after a reconnection. The server's own SSE bytes (openLiveStream over the
 * in-process bus, as /api/live sends them) drive the browser's logic (followLiveSource, as the
 * page's EventSource does); timers are fake and never moved, so nothing here waits for a heartbeat
 * or a poll.
 */

/** An EventSource fed by the stream's Response: dispatches its `event:` blocks to the listeners. */
class StreamSource implements LiveSource {
  private listeners = new Map<string, ((event: Event) => void)[]>();
  closed = false;
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  private dispatch(type: string, data: string) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
  /** Reads one connection's response in the background (a reconnection is another call). */
  connect(response: Response): void {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.closed) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.+)$/m.exec(block)?.[1];
          if (type) this.dispatch(type, /^data: (.*)$/m.exec(block)?.[1] ?? "");
        }
      }
    })();
  }
}

const CONTACT = "201";
const TICKET = "40001";

describe("live tracking never misses a change made while the page opens", () => {
  let clock: ReturnType<typeof fakeClock>;
  let controllers: AbortController[];
  beforeEach(() => {
    clock = fakeClock();
    controllers = [];
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: clock.now() });
  });
  afterEach(() => {
    for (const c of controllers) c.abort();
    setLiveBusForTests(undefined);
    vi.useRealTimers();
  });
  const settle = () => vi.advanceTimersByTimeAsync(0);

  /** HubSpot's ticket (behind the cache the webhook expires) and the page that shows it. */
  function scenario() {
    const hubspot = { stage: "scheduled" };
    const page = { shown: "", reads: 0, mode: "connecting" as LiveMode };
    const read = () => {
      page.reads++;
      page.shown = hubspot.stage;
    };
    read(); // the server render
    page.reads = 0;
    const source = new StreamSource();
    followLiveSource(source, {
      onChange: (change) => (change.topic === "ticket" && change.id === TICKET ? read() : undefined),
      onResync: read,
      onMode: (mode) => (page.mode = mode),
      onSessionEnded: () => {},
    });
    /** /api/live answering this browser. */
    const openStream = () => {
      const controller = new AbortController();
      controllers.push(controller);
      source.connect(
        openLiveStream(new Request("http://portail.test/api/live", { signal: controller.signal }), CONTACT, {
          expiresAt: clock.now() + 3_600_000,
          isValid: async () => true,
          now: clock.now,
        }),
      );
      return controller;
    };
    /** Staff move the ticket: HubSpot changes, the webhook publishes on the live bus. */
    const move = async (stage: string) => {
      hubspot.stage = stage;
      await publishLive({ contactId: CONTACT, topic: "ticket", id: TICKET });
    };
    return { page, openStream, move };
  }

  it("a stage changed after the render and before the subscription is shown once the stream is ready", async () => {
    setLiveBusForTests(createMemoryBus());
    const { page, openStream, move } = scenario();
    await move("en_route"); // nobody subscribed yet: this event reaches no one
    expect(page.shown).toBe("scheduled");

    openStream();
    await settle();
    expect(page.mode).toBe("live");
    expect(page.shown).toBe("en_route");
    expect(page.reads).toBe(1); // once, on `ready`

    // Later changes come as events, one read each.
    await move("on_site");
    await settle();
    expect(page.shown).toBe("on_site");
    expect(page.reads).toBe(2);
  });

  it("a change made while the stream was away is read on reconnection", async () => {
    setLiveBusForTests(createMemoryBus());
    const { page, openStream, move } = scenario();
    const first = openStream();
    await settle();
    expect(page.shown).toBe("scheduled");

    first.abort(); // the connection drops; EventSource reconnects by itself
    await settle();
    await move("en_route"); // published between the two connections
    expect(page.shown).toBe("scheduled");
    openStream();
    await settle();
    expect(page.shown).toBe("en_route");
  });

  it("`ready` waits for the bus to listen: a change published before LISTEN is up is still read", async () => {
    // A bus whose LISTEN connection is still connecting: what is published meanwhile is lost.
    const memory = createMemoryBus();
    let listening = false;
    let up = () => {};
    const connected = new Promise<void>((resolve) => (up = resolve));
    const bus: LiveBus = {
      ...memory,
      kind: "postgres",
      publish: async (event) => (listening ? memory.publish(event) : undefined),
      ready: () => connected,
    };
    setLiveBusForTests(bus);
    const { page, openStream, move } = scenario();
    openStream();
    await settle();
    expect(page.mode).toBe("connecting"); // subscribed, not listening: not « en direct » yet

    await move("en_route"); // lost by the bus
    listening = true;
    up();
    await settle();
    expect(page.mode).toBe("live");
    expect(page.shown).toBe("en_route");
  });

  it("a change lost while the bus's LISTEN connection was down is read once it is back", async () => {
    // pg_notify reaches this instance only while its LISTEN connection is up.
    const bus = createPostgresBus("postgres://unused", async (payload) => (listen.up ? listen.handlers!.onMessage(payload) : undefined));
    setLiveBusForTests(bus);
    const { page, openStream, move } = scenario();
    openStream();
    await settle();
    expect(page.reads).toBe(1);

    listen.up = false;
    listen.handlers!.onDown!();
    await move("en_route"); // lost: nobody listens on this instance
    await settle();
    expect(page.shown).toBe("scheduled");
    listen.up = true;
    listen.handlers!.onUp!();
    await settle();
    expect(page.shown).toBe("en_route");
    expect(page.reads).toBe(2);
  });
});
