import "server-only";
import { getLiveBus } from "./process-bus";

/**
 * The SSE response for one customer's open page. Events carry no data beyond "ticket X changed"
 * (the page re-reads through the ownership-checked API). A comment every 15 s keeps proxies from
 * closing the connection; the stream ends after 10 minutes so the browser reconnects and the
 * session is checked again (EventSource reconnects on its own, after `retry`).
 */
const HEARTBEAT_MS = 15_000;
const MAX_LIFETIME_MS = 10 * 60_000;

export function openLiveStream(request: Request, contactId: string): Response {
  const encoder = new TextEncoder();
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
      const unsubscribe = getLiveBus().subscribe(contactId, (event) => {
        send(`event: change\ndata: ${JSON.stringify({ topic: event.topic, id: event.id, at: event.at })}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), HEARTBEAT_MS);
      const lifetime = setTimeout(() => cleanup(), MAX_LIFETIME_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
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
