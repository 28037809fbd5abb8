import { NextResponse } from "next/server";
import { customerRoute } from "@/lib/auth/customer-route";
import { UPLOAD_PURPOSE } from "@/lib/messages/send-message";
import { receiveUpload } from "@/lib/uploads/receive-upload";
import { storeUpload } from "@/lib/uploads/store-upload";
import { MESSAGE_UPLOAD_POLICY, validateUpload } from "@/lib/uploads/validate-upload";

export const dynamic = "force-dynamic";

/**
 * One attachment for a message (multipart, field "file"), read with busboy up to the policy's
 * byte limit (10 MB) instead of a server action body: the limit is explicit and per upload.
 * Answers { id, fileName, mimeType, size } or a French reason (400).
 */
export const POST = customerRoute<Record<string, never>>("message-upload", async (request, { contactId }) => {
  const received = await receiveUpload(request, MESSAGE_UPLOAD_POLICY);
  const valid = await validateUpload(received.bytes, received.fileName, MESSAGE_UPLOAD_POLICY);
  return NextResponse.json(await storeUpload(contactId, UPLOAD_PURPOSE, valid), { status: 201 });
});
