import { customerRoute } from "@/lib/auth/customer-route";
import { fileHeaders } from "@/lib/uploads/images";
import { getMessageAttachment } from "@/lib/messages/attachments";

export const dynamic = "force-dynamic";

/** An attachment of the customer's own conversation (images without metadata, ?taille=vignette for the thumbnail; PDFs as download). */
export const GET = customerRoute<{ id: string; fileId: string }>("message-attachment", async (request, { contactId, params }) => {
  const variant = new URL(request.url).searchParams.get("taille") === "vignette" ? "thumb" : "full";
  const a = await getMessageAttachment(contactId, params.id, params.fileId, variant);
  if (a.kind === "image") return new Response(Buffer.from(a.bytes), { headers: fileHeaders(a.contentType, a.name, "inline", a.bytes.byteLength) });
  return new Response(a.body, { headers: fileHeaders(a.contentType, a.name, "attachment", a.size) });
});
