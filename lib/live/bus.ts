import "server-only";
import { EventEmitter } from "node:events";
import { Client } from "pg";
import { listenChannel } from "@/lib/db/listen";
import { z } from "zod";
import { log } from "@/lib/log";

/**
 * Live updates for customers' open pages. A `LiveEvent` says "something of this customer changed"
 * (never the data itself: the page re-reads through the ownership-checked data layer).
 *
 * Fan-out across instances: on a PostgreSQL server, `publish` is a `pg_notify` on the
 * `duret_live` channel and every instance (this one included) has one dedicated connection
 * LISTENing and re-emitting locally; with PGlite (one process by construction) it is in-process.
 * A NOTIFY payload is limited to 8 000 bytes: events are tiny.
 */
export const LIVE_CHANNEL = "duret_live";

export const liveEventSchema = z.object({
  contactId: z.string().regex(/^\d{1,20}$/),
  /**
   * What changed: a ticket (intervention or conversation), a local message row, or the customer's
   * sessions (sign-out, sign-out everywhere, erasure: open streams check theirs again; never sent to
   * the browser).
   */
  topic: z.enum(["ticket", "message", "session"]),
  id: z.string().min(1).max(64),
  at: z.number().int(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;
type Listener = (event: LiveEvent) => void;

export interface LiveBus {
  kind: "postgres" | "memory";
  publish(event: LiveEvent): Promise<void>;
  /**
   * Events for one customer; returns the unsubscribe function. `onResync` is called when events may
   * have been missed (the LISTEN connection is back after a drop): the subscriber reads again.
   */
  subscribe(contactId: string, listener: Listener, onResync?: () => void): () => void;
  /** Resolves once the LISTEN connection is up (immediately in memory). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

function localFanOut() {
  const emitter = new EventEmitter().setMaxListeners(0);
  const resyncs = new Set<() => void>();
  return {
    resync() {
      for (const onResync of [...resyncs]) {
        try {
          onResync();
        } catch (error) {
          log.error({ scope: "live", err: error }, "resync failed");
        }
      }
    },
    emit(event: LiveEvent) {
      for (const listener of emitter.listeners(event.contactId) as Listener[]) {
        try {
          listener(event);
        } catch (error) {
          log.error({ scope: "live", err: error }, "listener failed");
        }
      }
    },
    subscribe(contactId: string, listener: Listener, onResync?: () => void) {
      emitter.on(contactId, listener);
      if (onResync) resyncs.add(onResync);
      return () => {
        emitter.off(contactId, listener);
        if (onResync) resyncs.delete(onResync);
      };
    },
  };
}

export function createMemoryBus(): LiveBus {
  const local = localFanOut();
  return {
    kind: "memory",
    async publish(event) {
      local.emit(liveEventSchema.parse(event));
    },
    subscribe: local.subscribe,
    ready: async () => {},
    close: async () => {},
  };
}

/**
 * A bus over PostgreSQL LISTEN/NOTIFY. `notify` sends with the caller's pool (the app's database);
 * the listener holds its own connection and reconnects with backoff when the server drops it.
 */
export function createPostgresBus(url: string, notify?: (payload: string) => Promise<void>): LiveBus {
  const local = localFanOut();
  let dropped = false;
  const listener = listenChannel(url, LIVE_CHANNEL, {
    label: "live",
    // Notifications sent while the connection was down are lost: open streams say `ready` again.
    onDown: () => void (dropped = true),
    onUp() {
      if (!dropped) return;
      dropped = false;
      local.resync();
    },
    onMessage(payload) {
      try {
        const parsed = liveEventSchema.safeParse(JSON.parse(payload));
        if (parsed.success) local.emit(parsed.data);
      } catch {
        // not ours
      }
    },
  });

  const send =
    notify ??
    (async (payload: string) => {
      // Without the app's pool (tests), a short-lived connection.
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        await c.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, payload]);
      } finally {
        await c.end();
      }
    });

  return {
    kind: "postgres",
    async publish(event) {
      await send(JSON.stringify(liveEventSchema.parse(event)));
    },
    subscribe(contactId, onEvent, onResync) {
      listener.start();
      return local.subscribe(contactId, onEvent, onResync);
    },
    ready: () => listener.ready(),
    close: () => listener.close(),
  };
}
