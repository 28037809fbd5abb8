import { beforeEach, describe, expect, it, vi } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/client-address";

/**
 * /dev/outbox shows every captured sign-in link and code, and its « Relancer » action re-sends dead
 * rows: both answer only a client on this machine (lib/client-address), a 404 / nothing otherwise.
 */
const request = vi.hoisted(() => ({ headers: new Headers() }));
const calls = vi.hoisted(() => ({ captures: 0, retried: [] as string[] }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/server", () => ({ connection: async () => undefined }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/notifications/captures", () => ({
  fetchCaptures: async () => {
    calls.captures += 1;
    return { available: true, emails: [], sms: [], faults: { smtp: "ok", sms: "ok" } };
  },
  linkify: (text: string) => [{ kind: "text", value: text }],
}));
vi.mock("@/lib/outbox/admin", () => ({
  listOutbox: async () => [],
  retryDead: async (id: string) => void calls.retried.push(id),
}));

const { default: DevOutboxPage } = await import("@/app/dev/outbox/page");
const { retryDeadAction } = await import("@/lib/outbox/actions/retry-dead");

function as(peer: string, xff?: string) {
  request.headers = new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });
}
const ROW = "5f0c2a3e-7b1d-4c8e-9a6f-0d2b4e6f8a1c";
const form = () => {
  const data = new FormData();
  data.set("id", ROW);
  return data;
};

describe("/dev/outbox and its retry action: loopback clients only", () => {
  beforeEach(() => {
    calls.captures = 0;
    calls.retried = [];
  });

  it("renders for the machine itself", async () => {
    as("127.0.0.1");
    await expect(DevOutboxPage()).resolves.toBeTruthy();
    expect(calls.captures).toBe(1);
    await retryDeadAction(form());
    expect(calls.retried).toEqual([ROW]);
  });

  it("is a 404 for a client on the network, even one that says it is 127.0.0.1, and its action does nothing", async () => {
    for (const [peer, xff] of [["192.168.1.20", undefined], ["192.168.1.20", "127.0.0.1"], ["::ffff:10.0.0.7", "::1"]] as const) {
      as(peer, xff);
      await expect(DevOutboxPage()).rejects.toMatchObject({ digest: expect.stringContaining("404") });
      await retryDeadAction(form());
    }
    expect(calls.captures).toBe(0);
    expect(calls.retried).toEqual([]);
  });
});
