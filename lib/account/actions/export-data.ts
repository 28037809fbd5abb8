"use server";
import "server-only";
import { z } from "zod";
import { customerAction } from "@/lib/auth/customer-action";
import { getExportStatus, requestDataExport } from "../export-data";
import { exportIdSchema } from "../schemas";

export const requestExportAction = customerAction("account.requestExport", z.object({}), async (_input, { contactId, session }) =>
  requestDataExport(contactId, { locale: session.locale }),
);

/** Polled by the page while the archive is being prepared. */
export const exportStatusAction = customerAction("account.exportStatus", exportIdSchema, async ({ id }, { contactId }) => getExportStatus(contactId, id));
