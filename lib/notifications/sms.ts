import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import twilio from "twilio";
import type TwilioRequestClient from "twilio/lib/base/RequestClient";
import { PermanentDeliveryError } from "./errors";

/**
 * SMS through the official `twilio` SDK, against Twilio in production and against the sandbox's
 * fake Messages API locally.
 *
 * Base URL: twilio-node 6 has no "base URL" option (only `region`/`edge`, which rewrite the
 * twilio.com hostname). It does accept a custom `httpClient` (ClientOpts.httpClient), so a
 * RequestClient subclass rewrites `https://api.twilio.com/2010-04-01/...` to
 * `${baseUrl}/2010-04-01/...` before the real request code runs: same SDK, same serialisation.
 *
 * Idempotency: `messages.create()` takes no headers, so the same subclass adds
 * `I-Twilio-Idempotency-Token` from an AsyncLocalStorage set around each send. The local fake
 * honours it (a repeated token returns the first message). Twilio's Messages API does not document
 * honouring it for outbound API requests, so in production the guarantee is the outbox's:
 * a row is sent by one worker at a time (lease) and marked sent with the SM… sid; the only
 * remaining duplicate is a request that reached Twilio but timed out before the answer. Before
 * retrying such a row, the worker asks `findRecentDuplicate()` (the Messages list, filtered by
 * To/From and date) for a message with the same body, and records it instead of sending again.
 */
export interface SmsMessage {
  to: string;
  body: string;
  idempotencyKey: string;
}

export interface SmsTransport {
  send(message: SmsMessage): Promise<{ providerId: string }>;
  /** A message already accepted by Twilio with this recipient and body since `since`. */
  findRecentDuplicate(message: SmsMessage, since: Date): Promise<string | undefined>;
}

const idempotencyToken = new AsyncLocalStorage<string>();

class PortalRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    options: TwilioRequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    let uri = opts.uri;
    if (this.baseUrl) {
      const original = new URL(uri);
      const base = new URL(this.baseUrl);
      uri = new URL(`${base.pathname.replace(/\/+$/, "")}${original.pathname}${original.search}`, base).toString();
    }
    const token = idempotencyToken.getStore();
    const headers = token ? { ...opts.headers, "I-Twilio-Idempotency-Token": token } : opts.headers;
    return super.request<TData>({ ...opts, uri, headers });
  }
}

export function createSmsTransport(opts: { accountSid: string; authToken: string; from: string; baseUrl?: string; timeoutMs?: number }): SmsTransport {
  const httpClient = new PortalRequestClient(opts.baseUrl, { timeout: opts.timeoutMs ?? 15_000, keepAlive: true });
  const client = twilio(opts.accountSid, opts.authToken, { httpClient, autoRetry: false });
  return {
    async send(message) {
      try {
        const created = await idempotencyToken.run(message.idempotencyKey.slice(0, 256), () =>
          client.messages.create({ to: message.to, from: opts.from, body: message.body }),
        );
        return { providerId: created.sid };
      } catch (error) {
        throw classify(error);
      }
    },
    async findRecentDuplicate(message, since) {
      const recent = await client.messages.list({ to: message.to, from: opts.from, dateSentAfter: since, limit: 50 });
      return recent.find((m) => m.body === message.body)?.sid;
    },
  };
}

/** Twilio 400s (invalid number, unsubscribed recipient, body too long) are final; the rest is retried. */
function classify(error: unknown): Error {
  const e = error as { status?: number; code?: number; message?: string };
  const status = typeof e.status === "number" ? e.status : undefined;
  const summary = `Twilio ${status ?? "error"}${e.code ? ` ${e.code}` : ""}: ${(e.message ?? String(error)).slice(0, 200)}`;
  if (status === 400 || status === 404) return new PermanentDeliveryError(summary, { cause: error });
  return new Error(summary, { cause: error });
}
