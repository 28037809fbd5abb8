import { customerRoute } from "@/lib/auth/customer-route";
import { getInterventionPhoto } from "@/lib/interventions/files";
import { fileHeaders } from "@/lib/uploads/images";

export const dynamic = "force-dynamic";

/** A before/after photo (?taille=vignette for the thumbnail), re-encoded without metadata, owner only. */
export const GET = customerRoute<{ id: string; fileId: string }>("intervention-photo", async (request, { contactId, params }) => {
  const variant = new URL(request.url).searchParams.get("taille") === "vignette" ? "thumb" : "full";
  const photo = await getInterventionPhoto(contactId, params.id, params.fileId, variant);
  return new Response(Buffer.from(photo.bytes), { headers: fileHeaders(photo.contentType, photo.name, "inline", photo.bytes.byteLength) });
});
