import { Client } from "pg";
import { log } from "@/lib/log";

/**
 * One dedicated PostgreSQL connection LISTENing on a channel, reconnecting with backoff
 * (250 ms doubling to 10 s) when the server drops it. `onDown` is called as soon as the
 * connection is lost (notifications may be missed from then on), `onUp` once it listens again.
 * Used by the live bus (lib/live/bus.ts) and the memory copies' invalidation feed (lib/memory-cache/feed.ts).
 */
export interface ChannelListener {
  /** Resolves once the connection listens (connects if needed). */
  ready(): Promise<void>;
  /** Starts connecting in the background (idempotent); failures are retried. */
  start(): void;
  readonly listening: boolean;
  close(): Promise<void>;
}

export function listenChannel(
  url: string,
  channel: string,
  handlers: { onMessage(payload: string): void; onUp?(): void; onDown?(): void; label: string },
): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
  let client: Client | undefined;
  let closed = false;
  let connecting: Promise<void> | undefined;
  let retryMs = 250;

  const lost = (dead: Client) => {
    if (closed || client !== dead) return;
    client = undefined;
    handlers.onDown?.();
    void dead.end().catch(() => {});
    retryLater();
  };
  const retryLater = () => {
    const wait = retryMs;
    retryMs = Math.min(retryMs * 2, 10_000);
    setTimeout(() => {
      if (!closed && !client) connect().catch((e: unknown) => (log.error({ scope: handlers.label, err: e }, "LISTEN failed"), retryLater()));
    }, wait).unref?.();
  };

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const c = new Client({ connectionString: url });
      c.on("notification", (message) => {
        if (message.channel === channel && message.payload) handlers.onMessage(message.payload);
      });
      c.on("error", (error) => {
        log.error({ scope: handlers.label, err: error }, "LISTEN connection lost");
        lost(c);
      });
      c.on("end", () => lost(c));
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (closed) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
      retryMs = 250;
      handlers.onUp?.();
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    async ready() {
      if (!client) await connect();
    },
    start() {
      if (!client && !connecting && !closed) connect().catch((e: unknown) => (log.error({ scope: handlers.label, err: e }, "LISTEN failed"), retryLater()));
    },
    get listening() {
      return client !== undefined;
    },
    async close() {
      closed = true;
      await connecting?.catch(() => {});
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
