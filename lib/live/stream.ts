import "server-only";
import { getLiveBus } from "./process-bus";
import { log } from "@/lib/log";

/**
 * The SSE response for one customer's open page. Events carry no data beyond "ticket X changed"
 * (the page re-reads through the ownership-checked API). A comment every 15 s keeps proxies from
 * closing the connection; the stream ends after 10 minutes so the browser reconnects and the
 * session is checked again (EventSource reconnects on its own, after `retry`).
 *
 * Its first event, `ready`, is sent once it is subscribed to the live bus: the page re-reads then,
 * so a change made between the page's render and this subscription is not missed.
 *
 * The stream never outlives its session: it ends with a `session-ended` event (the page stops
 * reconnecting and goes back to sign-in) at the session's expiry, and as soon as a `session` event
 * for this customer (sign-out, sign-out everywhere, erasure: published on the live bus, so on every
 * instance) finds the session no longer valid. Each heartbeat checks it again too, in case that
 * event was lost (a LISTEN connection down): a missed notification costs at most one heartbeat.
 */
export const HEARTBEAT_MS = 15_000;
const MAX_LIFETIME_MS = 10 * 60_000;

/** What tells the browser its session is over (lib/live/use-live.ts). */
export const SESSION_ENDED_EVENT = "session-ended";

export interface LiveSessionWatch {
  /** ms since epoch: the session's hard end (1 h after sign-in). */
  expiresAt: number;
  /** The full check (revocation epoch, this session's own revocation, blocked contact). */
  isValid(): Promise<boolean>;
  /** Injectable clock (tests); the timers themselves are the platform's (fake timers in tests). */
  now?: () => number;
}

export function openLiveStream(request: Request, contactId: string, session: LiveSessionWatch): Response {
  const encoder = new TextEncoder();
  const now = session.now ?? Date.now;
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const endSession = (reason: "expired" | "revoked") => {
        send(`event: ${SESSION_ENDED_EVENT}\ndata: ${JSON.stringify({ reason })}\n\n`);
        cleanup();
      };
      // While a check runs, changes are held back: a revoked session must not receive the events
      // published right after its revocation.
      let checking: Promise<void> | undefined;
      const recheck = (): Promise<void> => {
        if (closed) return Promise.resolve();
        if (now() >= session.expiresAt) {
          endSession("expired");
          return Promise.resolve();
        }
        checking ??= session
          .isValid()
          .catch((error: unknown) => {
            // The database is away: keep the stream (the next heartbeat checks again).
            log.error({ scope: "live", err: error }, "session check failed");
            return true;
          })
          .then((valid) => {
            checking = undefined;
            if (!valid) endSession("revoked");
          });
        return checking;
      };
      // Changes arriving before `ready` follow it, in order.
      let held: string[] | undefined = [];
      const deliver = (text: string) => {
        if (held) held.push(text);
        else if (checking) void checking.then(() => send(text));
        else send(text);
      };
      const bus = getLiveBus();
      const unsubscribe = bus.subscribe(
        contactId,
        (event) => {
          if (event.topic === "session") {
            void recheck();
            return;
          }
          deliver(`event: change\ndata: ${JSON.stringify({ topic: event.topic, id: event.id, at: event.at })}\n\n`);
        },
        // The bus may have missed events (LISTEN dropped, back now): `ready` again, the page re-reads.
        () => {
          if (!held) deliver(`event: ready\ndata: {}\n\n`);
        },
      );
      const heartbeat = setInterval(() => {
        send(`: ping ${now()}\n\n`);
        void recheck();
      }, HEARTBEAT_MS);
      const lifetime = setTimeout(() => cleanup(), MAX_LIFETIME_MS);
      const expiry = setTimeout(() => endSession("expired"), Math.max(0, session.expiresAt - now()));
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        clearTimeout(expiry);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      send(`retry: 2000\n\n`);
      // `ready` only once this stream is subscribed and the bus listens (the LISTEN connection is
      // up): the page then re-reads, so nothing published before is missed (lib/live/live-client.ts).
      // A bus that cannot listen ends the stream: the page polls and EventSource tries again.
      bus.ready().then(
        () => {
          send(`event: ready\ndata: {}\n\n`);
          const early = held ?? [];
          held = undefined;
          for (const text of early) deliver(text);
        },
        (error: unknown) => {
          log.error({ scope: "live", err: error }, "bus not listening");
          cleanup();
        },
      );
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-store, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}
