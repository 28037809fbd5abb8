/**
 * The browser's reading of /api/live, without React (lib/live/use-live.ts wires it to an
 * EventSource; tests feed it the server's own stream).
 *
 * Never stale: a page is rendered from a read made before its stream subscribes to the live bus,
 * and a change published in between (webhook → pg_notify with nobody listening yet) reaches no one.
 * So the server sends `ready` only once this stream is subscribed and the bus listens
 * (lib/live/stream.ts), and the page re-reads once on every `ready` (`onResync`): the first one
 * after rendering, the one after each reconnection (EventSource reconnects by itself, events
 * sent while it was away are lost too), and the one a stream sends again when its instance's
 * LISTEN connection is back after a drop (lib/live/bus.ts). Any change after `ready` arrives as
 * a `change` event. The
 * webhook expires the cache before it publishes, so that re-read sees the change.
 * Chosen over comparing versions (a HubSpot modification date, a bus sequence): the re-read is
 * one request per stream opening, served by the shared cache, while a version would have to be
 * kept across instances and for every kind of page (intervention, thread, lists).
 */
export type LiveMode = "connecting" | "live" | "polling";
export interface LiveChange {
  topic: "ticket" | "message";
  id: string;
  at: number;
}

/** What the hook needs of an EventSource. */
export interface LiveSource {
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export interface LiveHandlers {
  onChange(change: LiveChange): void;
  /** The stream is (again) subscribed: read the page's data once more, whatever happened before. */
  onResync(): void;
  onMode(mode: LiveMode): void;
  /** The session is over (expired, signed out everywhere, account erased): the source is closed. */
  onSessionEnded(): void;
}

export function followLiveSource(source: LiveSource, handlers: LiveHandlers): void {
  source.addEventListener("ready", () => {
    handlers.onMode("live");
    handlers.onResync();
  });
  source.addEventListener("change", (event) => {
    let change: LiveChange;
    try {
      change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
    } catch {
      return; // ignore a malformed event
    }
    handlers.onChange(change);
  });
  // (The name is SESSION_ENDED_EVENT of lib/live/stream.ts, server-only.)
  source.addEventListener("session-ended", () => {
    source.close();
    handlers.onSessionEnded();
  });
  source.addEventListener("error", () => handlers.onMode("polling"));
}
