import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { CaptureStore, CapturedSms } from "./store";

/**
 * A fake of Twilio's Programmable Messaging API, served by the sandbox under `/_twilio`, so the
 * portal uses the real `twilio` SDK locally (lib/notifications/sms.ts points its base URL here).
 *
 * - `POST /_twilio/2010-04-01/Accounts/{AccountSid}/Messages.json` (form-encoded To, From, Body),
 *   HTTP Basic auth: user = the AccountSid in the path, password = the sandbox token.
 * - `GET  /_twilio/2010-04-01/Accounts/{AccountSid}/Messages.json?To=&From=` (list, newest first).
 * - With the "sms: fail" fault: 503 with Twilio's error JSON, as during an outage.
 * - `I-Twilio-Idempotency-Token`: a repeated token returns the first message, not a second SMS.
 */
export const TWILIO_PREFIX = "/_twilio";
const MESSAGES = /^\/_twilio\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

export interface TwilioResult {
  status: number;
  body: unknown;
}

export async function handleTwilio(
  store: CaptureStore,
  authToken: string,
  req: IncomingMessage,
  method: string,
  path: string,
  query: URLSearchParams,
  readBody: () => Promise<Buffer>,
): Promise<TwilioResult> {
  const m = MESSAGES.exec(path);
  if (!m) return twilioError(404, 20404, `The requested resource ${path} was not found`);
  const accountSid = m[1]!;
  if (!authorized(req.headers.authorization, accountSid, authToken)) return twilioError(401, 20003, "Authenticate");

  if (method === "GET") {
    const to = query.get("To");
    const from = query.get("From");
    const messages = store.sms
      .filter((s) => (!to || s.to === to) && (!from || s.from === from))
      .slice()
      .reverse()
      .slice(0, 50)
      .map((s) => messageJson(accountSid, s));
    return { status: 200, body: { messages, page: 0, page_size: 50, first_page_uri: path, next_page_uri: null, previous_page_uri: null, uri: path } };
  }
  if (method !== "POST") return twilioError(405, 20004, "Method not allowed");

  if (store.faults.sms === "fail") return twilioError(503, 20500, "Service unavailable (sandbox fault)");

  const form = new URLSearchParams((await readBody()).toString("utf8"));
  const to = form.get("To") ?? "";
  const from = form.get("From") ?? "";
  const body = form.get("Body") ?? "";
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from) return twilioError(400, 21603, "The 'From' phone number is required.");
  if (!body) return twilioError(400, 21602, "Message body is required.");
  if (body.length > 1600) return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");

  const header = req.headers["i-twilio-idempotency-token"];
  const token = typeof header === "string" && header.length > 0 && header.length <= 256 ? header : null;
  const previous = token ? store.findSmsByIdempotencyToken(token) : undefined;
  if (previous) return { status: 201, body: messageJson(accountSid, previous) };

  const sms: CapturedSms = { sid: `SM${randomBytes(16).toString("hex")}`, to, from, body, idempotencyToken: token, receivedAt: new Date().toISOString() };
  store.addSms(sms);
  return { status: 201, body: messageJson(accountSid, sms) };
}

function authorized(header: string | undefined, accountSid: string, authToken: string): boolean {
  const m = /^Basic\s+(.+)$/i.exec(header ?? "");
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const expected = Buffer.from(`${accountSid}:${authToken}`, "utf8");
  const given = Buffer.from(decoded, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The fields of Twilio's Message resource that SDK users read. */
function messageJson(accountSid: string, s: CapturedSms): Record<string, unknown> {
  const date = new Date(s.receivedAt).toUTCString().replace("GMT", "+0000");
  return {
    account_sid: accountSid,
    api_version: "2010-04-01",
    body: s.body,
    date_created: date,
    date_sent: date,
    date_updated: date,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: s.from,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(Math.max(1, Math.ceil(s.body.length / 153))),
    price: null,
    price_unit: "EUR",
    sid: s.sid,
    status: "queued",
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${s.sid}/Media.json` },
    to: s.to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${s.sid}.json`,
  };
}

function twilioError(status: number, code: number, message: string): TwilioResult {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
