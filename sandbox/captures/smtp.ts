import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { CaptureStore } from "./store";

/**
 * The local mail server: nodemailer speaks real SMTP to it, exactly as to a provider in
 * production. Plain SMTP on loopback, any AUTH accepted; with the "smtp: fail" fault it answers
 * 451 (temporary failure) to every message, as a provider under trouble does.
 */
export interface SmtpCapture {
  port: number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export async function startSmtpCapture(opts: { store: CaptureStore; port?: number; host?: string; log?: (m: string) => void }): Promise<SmtpCapture> {
  const { store } = opts;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "sandbox" });
    },
    size: MAX_MESSAGE_BYTES,
    banner: "Duret sandbox SMTP capture",
    logger: false,
    // Pooled clients keep connections open; do not wait 30 s for them on shutdown.
    closeTimeout: 500,
    onData(stream, _session, callback) {
      if (store.faults.smtp === "fail") {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Service temporarily unavailable (sandbox fault)"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          const text = mail.text ?? "";
          store.addEmail({
            id: randomUUID(),
            messageId: mail.messageId ?? null,
            from: addressesOf(mail.from)[0] ?? "",
            to: addressesOf(mail.to),
            subject: mail.subject ?? "",
            text,
            html: typeof mail.html === "string" ? mail.html : null,
            links: linksIn(text),
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? "",
              contentType: a.contentType,
              size: a.size,
              text: a.contentType.startsWith("text/") && a.size <= 64_000 ? a.content.toString("utf8") : null,
            })),
            receivedAt: new Date().toISOString(),
          });
          callback();
        })
        .catch((error: unknown) => {
          opts.log?.(`smtp capture: unparsable message: ${String(error)}`);
          callback(Object.assign(new Error("Message could not be parsed"), { responseCode: 554 }));
        });
    },
  });
  server.on("error", (e) => opts.log?.(`smtp capture: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter(Boolean);
}

export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
}
