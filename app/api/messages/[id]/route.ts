import { NextResponse } from "next/server";
import { customerRoute } from "@/lib/auth/customer-route";
import { getThread } from "@/lib/messages/get-thread";

export const dynamic = "force-dynamic";

/** A conversation's thread, re-read by the page on a live event or while polling. */
export const GET = customerRoute<{ id: string }>("thread", async (_request, { contactId, params }) => NextResponse.json(await getThread(contactId, params.id)));
