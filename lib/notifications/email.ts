import "server-only";
import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { PermanentDeliveryError } from "./errors";

/**
 * Email delivery over SMTP with nodemailer: a provider in production, the sandbox's SMTP capture
 * locally (same code path, only the URL differs: getEnv().smtpUrl).
 */
export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The outbox row's idempotency key: gives a stable Message-ID across retries. */
  idempotencyKey: string;
  /** `encoding: "base64"` for binary content (a PDF); text (an ICS) otherwise. */
  attachments?: { filename: string; content: string; contentType: string; encoding?: "base64" }[];
}

export interface EmailTransport {
  send(message: EmailMessage): Promise<{ providerId: string }>;
  close(): void;
}

/**
 * The same outbox row always carries the same Message-ID, so a retry after an ambiguous failure
 * (connection lost after DATA) is recognisable as a duplicate by the provider and by mail clients,
 * which thread or collapse identical Message-IDs.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "duret-electricite.fr";
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40);
  return `<${hash}.outbox@${domain}>`;
}

export function createEmailTransport(opts: { smtpUrl: string; from: string }): EmailTransport {
  const url = new URL(opts.smtpUrl);
  const options: SMTPPool.Options = {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A few long-lived connections for the worker instead of one handshake per message.
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    // Bounded waits: a hung provider must not hold an outbox lease forever.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Real providers must present a valid certificate; loopback (the capture) has no TLS at all.
    ignoreTLS: isLoopback(url.hostname),
  };
  const transporter = nodemailer.createTransport(options);
  return {
    async send(message) {
      const messageId = messageIdFor(message.idempotencyKey, opts.from);
      try {
        const info = await transporter.sendMail({
          from: opts.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          headers: { "Auto-Submitted": "auto-generated" },
          ...(message.attachments?.length ? { attachments: message.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, ...(a.encoding ? { encoding: a.encoding } : {}) })) } : {}),
        });
        return { providerId: info.messageId || messageId };
      } catch (error) {
        throw classify(error);
      }
    },
    close() {
      transporter.close();
    },
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
}

/** 5xx SMTP replies on the recipient or the content are final; connection trouble and 4xx are not. */
function classify(error: unknown): Error {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const summary = `SMTP ${code ?? e.code ?? "error"}: ${(e.message ?? String(error)).slice(0, 200)}`;
  if (code !== undefined && code >= 500 && code !== 530 && code !== 535) return new PermanentDeliveryError(summary, { cause: error });
  return new Error(summary, { cause: error });
}
