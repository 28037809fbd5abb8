import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { imageVariants } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { listInterventions } from "@/lib/hubspot/queries";
import { getInterventionPhoto, getInterventionReport } from "@/lib/interventions/files";
import { getInterventionDetail } from "@/lib/interventions/get-intervention-detail";
import { startPortalStack, type PortalStack } from "../messages/support";

/**
 * Photos and reports reach their owner only; the sandbox's seed photos carry a phone's EXIF with
 * GPS, which the browser never gets; thumbnails are resized and cached for every instance.
 */
let stack: PortalStack;
beforeAll(async () => {
  stack = await startPortalStack();
}, 120_000);
afterAll(async () => stack?.closeAll());

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return isAppError(e) ? e.code : `raw:${String(e)}`;
  }
}

describe("intervention files", () => {
  it("serves photos re-encoded without EXIF/GPS, resized and cached, to the owner only", async () => {
    const withPhotos = (await listInterventions(stack.camille)).find((i) => i.photosBeforeFileIds.length > 0)!;
    const fileId = withPhotos.photosBeforeFileIds[0]!;
    const original = await stack.sandbox.store.fileData(fileId);
    expect((await sharp(original!).metadata()).exif?.toString("latin1")).toMatch(/GPS|Exif/);

    const thumb = await getInterventionPhoto(stack.camille, withPhotos.id, fileId, "thumb");
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(480);
    expect(thumb.name).toMatch(/photo-avant-1\.jpg$/);
    const full = await getInterventionPhoto(stack.camille, withPhotos.id, fileId, "full");
    expect((await sharp(full.bytes).metadata()).exif).toBeUndefined();
    const cached = await (await getDb()).select({ variant: imageVariants.variant }).from(imageVariants);
    expect(cached.map((c) => c.variant).sort()).toEqual(["full", "thumb"]);

    expect(await code(getInterventionPhoto(stack.antoine, withPhotos.id, fileId, "thumb"))).toBe("NOT_FOUND");
    const other = (await listInterventions(stack.camille)).find((i) => i.id !== withPhotos.id && i.photosBeforeFileIds.length > 0);
    if (other) expect(await code(getInterventionPhoto(stack.camille, other.id, fileId, "thumb"))).toBe("NOT_FOUND");
    expect(await code(getInterventionPhoto(stack.camille, withPhotos.id, "999999", "thumb"))).toBe("NOT_FOUND");
  });

  it("streams the report PDF to its owner only, and shows the detail to its owner only", async () => {
    const withReport = (await listInterventions(stack.camille)).find((i) => i.reportFileId)!;
    const report = await getInterventionReport(stack.camille, withReport.id);
    const bytes = new Uint8Array(await new Response(report.body).arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(report.name).toBe(`rapport-intervention-${withReport.id}.pdf`);
    expect(await code(getInterventionReport(stack.antoine, withReport.id))).toBe("NOT_FOUND");

    const detail = await getInterventionDetail(stack.camille, withReport.id);
    expect(detail.report?.fileId).toBe(withReport.reportFileId);
    expect(detail.timeline.at(-1)).toMatchObject({ key: "report_available" });
    expect(await code(getInterventionDetail(stack.antoine, withReport.id))).toBe("NOT_FOUND");
  });
});
