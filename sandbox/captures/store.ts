import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * What the local SMTP capture and the fake Twilio received: the demo's "mailbox" and "phone".
 * Bounded (the newest `limit` of each kind) and persisted next to the sandbox state, so that a
 * restart keeps the sign-in link a newcomer has not clicked yet.
 */
export interface CapturedEmail {
  id: string;
  /** The Message-ID header as sent (stable per outbox row). */
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** http(s) links found in the text part, in order. */
  links: string[];
  /** Attached files (e.g. a booking's .ics), with their text when they are text. Optional: older captures lack it. */
  attachments?: { filename: string; contentType: string; size: number; text: string | null }[];
  receivedAt: string;
}

export interface CapturedSms {
  /** Twilio-style message SID ("SM" + 32 hex). */
  sid: string;
  to: string;
  from: string;
  body: string;
  idempotencyToken: string | null;
  receivedAt: string;
}

export type CaptureFault = "ok" | "fail";
export interface CaptureFaults {
  smtp: CaptureFault;
  sms: CaptureFault;
}

interface Persisted {
  version: 1;
  emails: CapturedEmail[];
  sms: CapturedSms[];
}

export class CaptureStore {
  readonly limit: number;
  emails: CapturedEmail[] = [];
  sms: CapturedSms[] = [];
  faults: CaptureFaults = { smtp: "ok", sms: "ok" };
  /** Where the SMTP capture listens (set once it has started). */
  smtpPort: number | null = null;
  private readonly file?: string;
  private saveTimer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  constructor(opts: { dataDir?: string; limit?: number } = {}) {
    this.limit = opts.limit ?? 500;
    this.file = opts.dataDir ? path.join(opts.dataDir, "sandbox", "captures.json") : undefined;
  }

  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const data = JSON.parse(await readFile(this.file, "utf8")) as Partial<Persisted>;
      this.emails = Array.isArray(data.emails) ? data.emails.slice(-this.limit) : [];
      this.sms = Array.isArray(data.sms) ? data.sms.slice(-this.limit) : [];
    } catch {
      // No file yet, or unreadable: start empty (captures are a convenience, not a record).
    }
  }

  addEmail(email: CapturedEmail): void {
    this.emails.push(email);
    if (this.emails.length > this.limit) this.emails.splice(0, this.emails.length - this.limit);
    this.scheduleSave();
  }

  addSms(sms: CapturedSms): void {
    this.sms.push(sms);
    if (this.sms.length > this.limit) this.sms.splice(0, this.sms.length - this.limit);
    this.scheduleSave();
  }

  findSmsByIdempotencyToken(token: string): CapturedSms | undefined {
    return this.sms.find((s) => s.idempotencyToken === token);
  }

  clear(): void {
    this.emails = [];
    this.sms = [];
    this.scheduleSave();
  }

  /** Newest first, as people read a mailbox. */
  snapshot(limit = this.limit): { emails: CapturedEmail[]; sms: CapturedSms[]; faults: CaptureFaults; smtpPort: number | null } {
    return { emails: this.emails.slice(-limit).reverse(), sms: this.sms.slice(-limit).reverse(), faults: { ...this.faults }, smtpPort: this.smtpPort };
  }

  private scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, 200);
    this.saveTimer.unref();
  }

  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const file = this.file;
    if (!file) return;
    const data: Persisted = { version: 1, emails: this.emails, sms: this.sms };
    // Serialised so two flushes never interleave their temporary files.
    this.saving = this.saving.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(data));
      await rename(tmp, file);
    });
    await this.saving.catch((e: unknown) => console.error("[captures] could not save:", e));
  }
}
