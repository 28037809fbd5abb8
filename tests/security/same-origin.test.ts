import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** No session in these tests: a request that passes the origin check is answered 401 by the session check. */
vi.mock("@/lib/auth/session", async () => {
  const { AppError } = await import("@/lib/errors");
  return {
    requireCustomerForApi: async () => {
      throw new AppError("UNAUTHENTICATED", "no valid customer session");
    },
  };
});

import * as messageUploads from "@/app/api/messages/uploads/route";
import * as bookingPhotos from "@/app/api/rendez-vous/photos/route";
import * as attachment from "@/app/api/messages/[id]/attachments/[fileId]/route";
import { isSameOriginRequest } from "@/lib/auth/customer-route";
import { resetEnvForTests } from "@/lib/env";

const SITE = "https://espace.duret-electricite.fr";

beforeAll(() => {
  process.env.SITE_URL = SITE;
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.SITE_URL;
  resetEnvForTests();
});

function upload(headers: Record<string, string>): Request {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), "photo.png");
  return new Request(`${SITE}/api/messages/uploads`, { method: "POST", body: form, headers });
}
const noParams = { params: Promise.resolve({} as Record<string, never>) };

describe("state-changing customer routes refuse other sites (cross-site form posts)", () => {
  it.each([
    ["messages/uploads", messageUploads.POST],
    ["rendez-vous/photos", bookingPhotos.POST],
  ])("%s: 403 in the portal's JSON error format, before reading the body", async (_name, POST) => {
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "https://espace.duret-electricite.fr.evil.example" },
      { origin: "http://espace.duret-electricite.fr" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of crossSite) {
      const request = upload(headers);
      const response = await POST(request, noParams);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toEqual({ error: "Demande refusée : elle ne vient pas de votre espace client. Rechargez la page et réessayez.", code: "FORBIDDEN" });
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(request.bodyUsed).toBe(false);
    }
  });

  it("lets the portal's own pages (and non-browser clients) through to the session check", async () => {
    const own: Record<string, string>[] = [{ origin: SITE }, { origin: SITE, "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "same-origin" }, {}];
    for (const headers of own) {
      const response = await messageUploads.POST(upload(headers), noParams);
      expect(response.status, JSON.stringify(headers)).toBe(401);
    }
  });

  it("leaves reads alone: a cross-site GET (an <img> of an attachment) reaches the session check", async () => {
    const request = new Request(`${SITE}/api/messages/1/attachments/2`, { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    const response = await attachment.GET(request, { params: Promise.resolve({ id: "1", fileId: "2" }) });
    expect(response.status).toBe(401);
  });

  it("compares whole origins (scheme, host, port)", () => {
    const post = (origin: string) => new Request(`${SITE}/x`, { method: "POST", headers: { origin } });
    expect(isSameOriginRequest(post(SITE), SITE)).toBe(true);
    expect(isSameOriginRequest(post(SITE), `${SITE}/`)).toBe(true);
    expect(isSameOriginRequest(post(`${SITE}:8443`), SITE)).toBe(false);
    expect(isSameOriginRequest(new Request(`${SITE}/x`, { method: "DELETE", headers: { origin: "https://evil.example" } }), SITE)).toBe(false);
  });
});
