import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";

/**
 * What the sandbox captured (emails and SMS), read through its control API so it works whether
 * the sandbox runs inside `npm run dev` or in its own process (`npm run sandbox`).
 * Only for /dev/outbox, which exists only when getEnv().devOutbox.
 */
const emailSchema = z.object({
  id: z.string(),
  messageId: z.string().nullable(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  links: z.array(z.string()),
  receivedAt: z.string(),
});
const smsSchema = z.object({ sid: z.string(), to: z.string(), from: z.string(), body: z.string(), receivedAt: z.string() });
const capturesSchema = z.object({
  emails: z.array(emailSchema),
  sms: z.array(smsSchema),
  faults: z.object({ smtp: z.enum(["ok", "fail"]), sms: z.enum(["ok", "fail"]) }),
});

export type CapturedEmailView = z.infer<typeof emailSchema>;
export type CapturedSmsView = z.infer<typeof smsSchema>;
export type Captures = { available: true } & z.infer<typeof capturesSchema>;
export type CapturesResult = Captures | { available: false; reason: "disabled" | "unreachable" | "no-captures" };

export async function fetchCaptures(limit = 50): Promise<CapturesResult> {
  const env = getEnv();
  if (!env.devOutbox) return { available: false, reason: "disabled" };
  try {
    const res = await fetch(`${env.hubspotBasePath.replace(/\/+$/, "")}/_sandbox/captures?limit=${limit}`, {
      cache: "no-store",
      signal: AbortSignal.timeout(3_000),
    });
    // A sandbox started without captures (an older `npm run sandbox`) answers 404.
    if (res.status === 404) return { available: false, reason: "no-captures" };
    if (!res.ok) return { available: false, reason: "unreachable" };
    return { available: true, ...capturesSchema.parse(await res.json()) };
  } catch {
    return { available: false, reason: "unreachable" };
  }
}

/** Splits text into plain parts and http(s) links, for rendering links as anchors safely. */
export function linkify(text: string): ({ kind: "text"; value: string } | { kind: "link"; href: string })[] {
  const parts: ({ kind: "text"; value: string } | { kind: "link"; href: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) {
    const index = m.index ?? 0;
    if (index > last) parts.push({ kind: "text", value: text.slice(last, index) });
    parts.push({ kind: "link", href: m[0] });
    last = index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", value: text.slice(last) });
  return parts;
}
