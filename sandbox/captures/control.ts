import { z } from "zod";
import { validation } from "@/sandbox/errors";
import type { CaptureStore } from "./store";

/**
 * `/_sandbox/captures*` (loopback only, like every control endpoint):
 *   GET  /_sandbox/captures?limit=50   captured emails and SMS, newest first, and the faults
 *   POST /_sandbox/captures/reset      forget them
 *   GET|POST /_sandbox/captures/faults {smtp?: "ok"|"fail", sms?: "ok"|"fail"}
 */
const faultsSchema = z.object({ smtp: z.enum(["ok", "fail"]).optional(), sms: z.enum(["ok", "fail"]).optional() }).strict();

export async function handleCapturesControl(
  store: CaptureStore | undefined,
  route: string,
  query: URLSearchParams,
  body: () => Promise<Record<string, unknown>>,
): Promise<{ status: number; body: unknown } | undefined> {
  if (!route.startsWith("GET /captures") && !route.startsWith("POST /captures")) return undefined;
  if (!store) return { status: 404, body: { status: "error", category: "OBJECT_NOT_FOUND", message: "Captures are not enabled on this sandbox" } };
  switch (route) {
    case "GET /captures": {
      const limit = Number(query.get("limit") ?? store.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > store.limit) throw validation(`limit must be an integer between 1 and ${store.limit}`);
      return { status: 200, body: store.snapshot(limit) };
    }
    case "POST /captures/reset":
      store.clear();
      store.faults = { smtp: "ok", sms: "ok" };
      return { status: 200, body: { status: "reset" } };
    case "GET /captures/faults":
      return { status: 200, body: store.faults };
    case "POST /captures/faults": {
      const parsed = faultsSchema.safeParse(await body());
      if (!parsed.success) throw validation('Expected {"smtp"?: "ok"|"fail", "sms"?: "ok"|"fail"}');
      store.faults = { ...store.faults, ...parsed.data };
      return { status: 200, body: store.faults };
    }
    default:
      return undefined;
  }
}
