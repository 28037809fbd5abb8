import "server-only";
import { AppError } from "@/lib/errors";
import { downloadFile, type DownloadedFile } from "@/lib/hubspot/files";
import { getIntervention } from "@/lib/hubspot/queries";
import { renderImage, type ImageVariant, type RenderedImage } from "@/lib/uploads/images";

/** A before/after photo of the customer's own intervention, re-encoded without metadata. */
export async function getInterventionPhoto(contactId: string, ticketId: string, fileId: string, variant: ImageVariant): Promise<RenderedImage & { name: string }> {
  const intervention = await getIntervention(contactId, ticketId);
  const before = intervention.photosBeforeFileIds.indexOf(fileId);
  const after = intervention.photosAfterFileIds.indexOf(fileId);
  if (before === -1 && after === -1) throw new AppError("NOT_FOUND", `file ${fileId} is not a photo of ticket ${ticketId}`);
  const image = await renderImage(fileId, variant);
  const name = before !== -1 ? `photo-avant-${before + 1}.jpg` : `photo-apres-${after + 1}.jpg`;
  return { ...image, name: `intervention-${ticketId}-${name}` };
}

/** The intervention report (PDF), streamed from HubSpot to its owner. */
export async function getInterventionReport(contactId: string, ticketId: string): Promise<DownloadedFile & { name: string }> {
  const intervention = await getIntervention(contactId, ticketId);
  if (!intervention.reportFileId) throw new AppError("NOT_FOUND", `ticket ${ticketId} has no report`);
  const file = await downloadFile(intervention.reportFileId);
  return { ...file, name: `rapport-intervention-${ticketId}.pdf` };
}
