import { createSandbox, type Sandbox } from "@/sandbox/server";
import { emptyState } from "@/sandbox/state";
import type { EmailMessage, EmailTransport } from "@/lib/notifications/email";
import type { SmsMessage, SmsTransport } from "@/lib/notifications/sms";
import type { Transports } from "@/lib/outbox/transports";

export const SANDBOX_TOKEN = "outbox-test-token-0123";
export const TEST_SID = "AC0123456789abcdef0123456789abcdef";

/** An ephemeral sandbox with captures (SMTP on an ephemeral port, fake Twilio) and an empty CRM. */
export async function startCaptureSandbox(dataDir?: string): Promise<Sandbox> {
  return createSandbox({
    port: 0,
    token: SANDBOX_TOKEN,
    quiet: true,
    dataDir,
    seed: () => ({ state: emptyState({ now: new Date("2026-01-01T00:00:00Z") }), fileBytes: new Map(), demoCustomers: [] }),
    captures: { smtpPort: 0 },
  });
}

export async function setCaptureFaults(sandbox: Sandbox, faults: { smtp?: "ok" | "fail"; sms?: "ok" | "fail" }): Promise<void> {
  const res = await fetch(`${sandbox.url}/_sandbox/captures/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`faults: ${res.status}`);
}

/** In-memory transports that record what they were asked to send and can be told to fail. */
export class FakeTransports {
  emails: EmailMessage[] = [];
  sms: (SmsMessage & { sid: string })[] = [];
  failWith: Error | undefined;
  delayMs = 0;
  private n = 0;

  email: EmailTransport = {
    send: async (m) => {
      await this.pause();
      if (this.failWith) throw this.failWith;
      this.emails.push(m);
      return { providerId: `<fake-${++this.n}@test>` };
    },
    close: () => {},
  };

  private readonly smsTransport: SmsTransport = {
    send: async (m) => {
      await this.pause();
      if (this.failWith) throw this.failWith;
      const sid = `SM${String(++this.n).padStart(32, "0")}`;
      this.sms.push({ ...m, sid });
      return { providerId: sid };
    },
    findRecentDuplicate: async (m) => this.sms.find((s) => s.to === m.to && s.body === m.body)?.sid,
  };

  get transports(): Transports {
    return { email: this.email, sms: this.smsTransport };
  }

  private pause(): Promise<void> {
    return this.delayMs > 0 ? new Promise((r) => setTimeout(r, this.delayMs)) : Promise.resolve();
  }
}

/** A clock tests move by hand; starts just after the real time, as rows default to the database's now(). */
export function fakeClock(start = new Date(Date.now() + 1_000)) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}
