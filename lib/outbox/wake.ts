import "server-only";
import { processSingleton } from "@/lib/process/singleton";

/**
 * The in-process worker's doorbell. Kept on globalThis so that Next.js dev reloads (which may load
 * this module twice) still ring the one worker started by instrumentation.
 */
type Bell = { listener?: () => void };
const bell = processSingleton<Bell>("__duretOutboxBell", () => ({}));

/**
 * Enqueueing inside a transaction rings before the commit: the worker may find nothing yet, so it
 * also polls; ringing again a moment later catches the committed row without waiting for the poll.
 */
export function notifyWorker(): void {
  const listener = bell.listener;
  if (!listener) return;
  listener();
  setTimeout(listener, 150).unref?.();
}

export function setWorkerListener(listener: (() => void) | undefined): void {
  bell.listener = listener;
}
