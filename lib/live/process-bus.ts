import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createMemoryBus, createPostgresBus, LIVE_CHANNEL, type LiveBus, type LiveEvent } from "./bus";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

/**
 * The process's live bus: LISTEN/NOTIFY when DATABASE_URL names a PostgreSQL server, in-process
 * with PGlite. Kept on globalThis: route handlers and the webhook listener may be bundled apart.
 */
type Holder = { bus?: LiveBus };
const holder = processSingleton<Holder>("__duretLiveBus", () => ({}));

export function getLiveBus(): LiveBus {
  if (!holder.bus) {
    const url = getEnv().DATABASE_URL;
    holder.bus = url
      ? createPostgresBus(url, async (payload) => {
          await (await getDb()).execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
        })
      : createMemoryBus();
  }
  return holder.bus;
}

export async function publishLive(event: Omit<LiveEvent, "at">): Promise<void> {
  try {
    await getLiveBus().publish({ ...event, at: Date.now() });
  } catch (error) {
    // Live updates are a comfort: pages also poll when the stream is down.
    log.error({ scope: "live", err: error }, "publish failed");
  }
}

/** For tests. */
export function setLiveBusForTests(bus: LiveBus | undefined): void {
  holder.bus = bus;
}
