import { z } from "zod";
import { validation } from "@/sandbox/errors";

/**
 * The BAN copy's faults, so tests and demos see the portal's fallback (the commune's centre):
 *   GET|POST /_sandbox/ban {mode: "ok" | "slow" | "down", latencyMs?}
 * `slow` answers after `latencyMs` (default 10 s: past the portal's BAN_TIMEOUT_MS), `down` answers
 * 503 at once. `/_sandbox/reset` puts it back to `ok`.
 */
export interface BanFaults {
  mode: "ok" | "slow" | "down";
  latencyMs: number;
}
export const BAN_FAULTS_OK: BanFaults = { mode: "ok", latencyMs: 10_000 };

const faultsSchema = z.object({ mode: z.enum(["ok", "slow", "down"]), latencyMs: z.number().int().min(0).max(120_000).optional() }).strict();

export async function handleBanControl(
  faults: { ban: BanFaults },
  route: string,
  body: () => Promise<Record<string, unknown>>,
): Promise<{ status: number; body: unknown } | undefined> {
  if (route === "GET /ban") return { status: 200, body: faults.ban };
  if (route !== "POST /ban") return undefined;
  const parsed = faultsSchema.safeParse(await body());
  if (!parsed.success) throw validation('Expected {"mode": "ok"|"slow"|"down", "latencyMs"?: number}');
  faults.ban = { mode: parsed.data.mode, latencyMs: parsed.data.latencyMs ?? BAN_FAULTS_OK.latencyMs };
  return { status: 200, body: faults.ban };
}
