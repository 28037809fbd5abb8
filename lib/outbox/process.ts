import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { setWorkerListener } from "./wake";
import { startOutboxWorker, type RunningWorker } from "./worker";
import { transportsFromEnv, type Transports } from "./transports";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

/**
 * The worker of this server process, started by instrumentation-node.ts when OUTBOX_WORKER=on.
 * One per process even across Next.js dev reloads (globalThis); wakeOutbox() rings it.
 */
type Holder = { worker?: RunningWorker; transports?: Transports; starting?: Promise<void> };
const holder = processSingleton<Holder>("__duretOutboxWorker", () => ({}));

export function startProcessOutboxWorker(): void {
  if (holder.worker || holder.starting || getEnv().OUTBOX_WORKER !== "on") return;
  holder.starting = (async () => {
    const db = await getDb();
    const transports = transportsFromEnv();
    holder.transports = transports;
    holder.worker = startOutboxWorker({ db, transports, pollMs: 1_000 });
    setWorkerListener(() => holder.worker?.wake());
  })()
    .catch((error: unknown) => log.error({ scope: "outbox", err: error }, "worker could not start"))
    .finally(() => {
      holder.starting = undefined;
    });
}

/** Lets the current pass finish (bounded by the transports' timeouts), then stops. Before closeDb. */
export async function stopProcessOutboxWorker(): Promise<void> {
  await holder.starting;
  setWorkerListener(undefined);
  const worker = holder.worker;
  holder.worker = undefined;
  await worker?.stop();
  holder.transports?.email.close();
  holder.transports = undefined;
}
