import "server-only";
import { listenChannel, type ChannelListener } from "@/lib/db/listen";
import { log } from "@/lib/log";

/**
 * How a memory copy hears about the invalidations it did not make itself: the database's NOTIFY on
 * one channel. A copy that might have missed one must not answer, so:
 * - "local": every invalidation reaches this process before the write returns — made here (PGlite,
 *   one process), or delivered by PGlite's own NOTIFY (`subscribe`, its `listen()`);
 * - "listen": a PostgreSQL server: a dedicated LISTEN connection (lib/db/listen.ts); the copy answers
 *   only while it listens, and is emptied (`onLost`) whenever the connection is lost or back (a
 *   notification may have been missed);
 * - "off": the copy never answers (turned off, or could not start).
 */
export type InvalidationSource =
  | { kind: "off" }
  | { kind: "local"; subscribe?: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>> }
  | { kind: "listen"; url: string };

export interface InvalidationFeed {
  /** Undefined until started. */
  readonly mode: InvalidationSource["kind"] | undefined;
  /** Starts from the source `pick` answers, once (concurrent callers wait for the same start); a failure turns the copy off. */
  startOnce(pick: () => Promise<InvalidationSource>): Promise<void>;
  /** Starts from `source` now, after stopping the current one, and waits until it listens (tests). */
  restart(source: InvalidationSource): Promise<void>;
  /** Whether the copy may answer now (a lost LISTEN connection is being re-established meanwhile). */
  usable(): boolean;
  /** Stops listening; `startOnce` starts again (tests). */
  stop(): Promise<void>;
  /** Stops listening for good (process shutdown): the copy no longer answers. */
  close(): Promise<void>;
}

export function createInvalidationFeed(options: {
  channel: string;
  /** Names the copy in the logs. */
  label: string;
  onMessage(payload: string): void;
  /** Invalidations may have been missed: forget everything. */
  onLost(): void;
}): InvalidationFeed {
  let mode: InvalidationSource["kind"] | undefined;
  let listener: ChannelListener | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  let setup: Promise<void> | undefined;

  const begin = async (source: InvalidationSource) => {
    if (source.kind === "local" && source.subscribe) unsubscribe = await source.subscribe(options.channel, options.onMessage);
    if (source.kind === "listen") {
      listener = listenChannel(source.url, options.channel, {
        label: options.label,
        onMessage: options.onMessage,
        onDown: options.onLost,
        onUp: options.onLost,
      });
    }
    mode = source.kind;
  };

  const disconnect = async () => {
    const [current, unlisten] = [listener, unsubscribe];
    listener = undefined;
    unsubscribe = undefined;
    await current?.close();
    await unlisten?.().catch(() => {});
  };

  const stop = async () => {
    await disconnect();
    mode = undefined;
    setup = undefined;
  };

  return {
    get mode() {
      return mode;
    },
    async startOnce(pick) {
      setup ??= pick()
        .then(begin)
        .catch((error: unknown) => {
          log.error({ scope: options.label, err: error }, "memory copy not started");
          mode = "off";
        });
      await setup;
      listener?.start();
    },
    async restart(source) {
      await stop();
      await begin(source);
      await listener?.ready();
    },
    usable() {
      if (mode === "local") return true;
      if (mode !== "listen") return false;
      listener?.start();
      return listener?.listening === true;
    },
    stop,
    async close() {
      await disconnect();
      mode = "off";
    },
  };
}
