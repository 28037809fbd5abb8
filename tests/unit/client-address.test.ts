import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/request-context";
import { PEER_ADDRESS_HEADER, UNKNOWN_CLIENT, clientAddress, installPeerAddressHeader, isLoopbackAddress, isLoopbackClient } from "@/lib/client-address";

const from = (peer: string | undefined, xff?: string) => {
  const h = new Headers();
  if (peer !== undefined) h.set(PEER_ADDRESS_HEADER, peer);
  if (xff !== undefined) h.set("x-forwarded-for", xff);
  return h;
};

describe("the client address (lib/client-address)", () => {
  it("is the socket's peer when no proxy is trusted: a client's X-Forwarded-For is ignored", () => {
    const seen = new Set(Array.from({ length: 25 }, (_, i) => clientAddress(from("192.0.2.50", `10.${i}.0.1`), [])));
    expect([...seen]).toEqual(["192.0.2.50"]);
    // clientIp (what the sign-in limits use) gives the same answer with the default configuration
    expect(clientIp(from("192.0.2.50", "203.0.113.9, 10.0.0.1"))).toBe("192.0.2.50");
  });

  it("behind a trusted proxy, is the first untrusted hop of X-Forwarded-For from the right", () => {
    const trusted = ["10.0.0.5"];
    expect(clientAddress(from("10.0.0.5", "203.0.113.1"), trusted)).toBe("203.0.113.1");
    expect(clientAddress(from("10.0.0.5", "203.0.113.2"), trusted)).toBe("203.0.113.2");
    // what the client wrote left of the proxy's entry is not believed
    expect(clientAddress(from("10.0.0.5", "127.0.0.1, 203.0.113.1"), trusted)).toBe("203.0.113.1");
    // a chain of trusted proxies (CIDR) is skipped
    expect(clientAddress(from("10.0.0.5", "198.51.100.7, 10.0.0.9"), ["10.0.0.0/8"])).toBe("198.51.100.7");
    // an untrusted peer sending X-Forwarded-For is itself the client
    expect(clientAddress(from("192.0.2.50", "203.0.113.1"), trusted)).toBe("192.0.2.50");
    // garbage forwarded by a trusted proxy is one shared bucket, not a key per value
    expect(clientAddress(from("10.0.0.5", "not-an-ip"), trusted)).toBe(UNKNOWN_CLIENT);
  });

  it("fails closed without the peer header (one bucket, never loopback), and writes IPv4-mapped addresses as IPv4", () => {
    expect(clientAddress(from(undefined, "127.0.0.1"), [])).toBe(UNKNOWN_CLIENT);
    expect(clientAddress(from(undefined, "127.0.0.1"), ["loopback"])).toBe(UNKNOWN_CLIENT);
    expect(clientAddress(from("::ffff:192.0.2.8"), [])).toBe("192.0.2.8");
  });

  it("tells loopback clients (for /dev/outbox) from the others, with the same trust rules", () => {
    expect(["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.3.4.5"].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(["192.168.1.20", "10.0.0.1", UNKNOWN_CLIENT, ""].map(isLoopbackAddress)).toEqual([false, false, false, false]);
    expect(isLoopbackClient(from("127.0.0.1"), [])).toBe(true);
    // a LAN client claiming to be loopback
    expect(isLoopbackClient(from("192.168.1.20", "127.0.0.1"), [])).toBe(false);
    // a LAN client forwarded by a trusted proxy on this machine is not loopback
    expect(isLoopbackClient(from("127.0.0.1", "192.168.1.20"), ["loopback"])).toBe(false);
  });
});

describe("the peer header on a real HTTP server (installPeerAddressHeader)", () => {
  let url = "";
  const server = createServer((req: IncomingMessage, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ peer: req.headers[PEER_ADDRESS_HEADER], address: clientAddress(req.headers, []) }));
  });
  beforeAll(async () => {
    installPeerAddressHeader();
    installPeerAddressHeader(); // twice: still one hook
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("carries the socket's address, whatever the client sends under that name or in X-Forwarded-For", async () => {
    const res = await fetch(url, { headers: { [PEER_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "198.51.100.1" } });
    expect(await res.json()).toEqual({ peer: "127.0.0.1", address: "127.0.0.1" });
  });
});
