import "server-only";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

/**
 * The second factor: RFC 6238 TOTP (30-second steps, 6 digits, SHA-1: what every authenticator
 * app reads from a QR code), through otplib. A code is accepted within ±1 step of the server's
 * clock, and once only: the accepted step is stored and a later code must be of a later step.
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_ISSUER = "Duret Électricité (console)";

export function newTotpSecret(): string {
  return generateSecret();
}

export type TotpCheck = { ok: true; timeStep: number } | { ok: false; reason: "wrong" | "replayed" };

export async function checkTotp(input: { secret: string; code: string; now: number; lastStep: number | null }): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(input.code)) return { ok: false, reason: "wrong" };
  const epoch = Math.floor(input.now / 1000);
  const base = { secret: input.secret, token: input.code, epoch, epochTolerance: TOTP_PERIOD_S } as const;
  const result = await verify(input.lastStep === null ? base : { ...base, afterTimeStep: input.lastStep });
  if (result.valid && "timeStep" in result) return { ok: true, timeStep: result.timeStep };
  // Told apart only for the log and the message: the same code was already used.
  if (input.lastStep !== null && (await verify(base)).valid) return { ok: false, reason: "replayed" };
  return { ok: false, reason: "wrong" };
}

/** The current code (the demo page and tests; never shown for a real member). */
export async function currentTotp(secret: string, now: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(now / 1000) });
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The enrolment QR code, as an SVG string (no image request, no data URL for the CSP). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
