import { NextResponse } from "next/server";
import { customerRoute } from "@/lib/auth/customer-route";
import { BOOKING_UPLOAD_PURPOSE } from "@/lib/bookings/store";
import { receiveUpload } from "@/lib/uploads/receive-upload";
import { storeUpload } from "@/lib/uploads/store-upload";
import { PHOTO_UPLOAD_POLICY, validateUpload } from "@/lib/uploads/validate-upload";

export const dynamic = "force-dynamic";

/**
 * One photo of the problem for a booking (multipart, field "file"): checked from its bytes,
 * re-encoded without its metadata (location), kept until the booking attaches it and the outbox
 * sends it to HubSpot Files. Answers { id, fileName, mimeType, size } or a French reason (400).
 */
export const POST = customerRoute<Record<string, never>>("booking-photo", async (request, { contactId }) => {
  const received = await receiveUpload(request, PHOTO_UPLOAD_POLICY);
  const valid = await validateUpload(received.bytes, received.fileName, PHOTO_UPLOAD_POLICY);
  return NextResponse.json(await storeUpload(contactId, BOOKING_UPLOAD_PURPOSE, valid), { status: 201 });
});
