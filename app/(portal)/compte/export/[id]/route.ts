import { customerRoute } from "@/lib/auth/customer-route";
import { readExportArchive } from "@/lib/account/export-data";
import { exportIdSchema } from "@/lib/account/schemas";
import { AppError } from "@/lib/errors";
import { contentDisposition } from "@/lib/file-names";

/** The customer's data export (ZIP): their own, ready, not expired; never cached anywhere. */
export const GET = customerRoute<{ id: string }>("account.exportDownload", async (_request, { contactId, params }) => {
  const parsed = exportIdSchema.safeParse(params);
  if (!parsed.success) throw new AppError("NOT_FOUND", "invalid export id", { userMessage: "Export introuvable." });
  const { bytes, fileName } = await readExportArchive(contactId, parsed.data.id);
  return new Response(bytes as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition("attachment", fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
