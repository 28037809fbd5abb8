import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/request-context";

/** IP and user agent of the current request, for the signature's evidence. */
export async function requestEvidenceContext(): Promise<{ ip: string; userAgent: string }> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: (h.get("user-agent") ?? "inconnu").slice(0, 400) };
}
