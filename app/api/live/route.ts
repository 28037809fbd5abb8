import { customerRoute } from "@/lib/auth/customer-route";
import { liveSessionWatch } from "@/lib/auth/session";
import { openLiveStream } from "@/lib/live/stream";

export const dynamic = "force-dynamic";

/** Server-Sent Events: "this customer's ticket X changed" (the page re-reads it). */
export const GET = customerRoute<Record<string, never>>("live", async (request, { contactId, session }) =>
  openLiveStream(request, contactId, liveSessionWatch(session)),
);
