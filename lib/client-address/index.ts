import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIP, type Socket } from "node:net";
import proxyaddr from "proxy-addr";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process/singleton";

/**
 * Who sent this request: the one answer used by every per-IP limit (sign-in, code checks), the
 * signature evidence and the loopback-only demo pages.
 *
 * Why not X-Forwarded-For alone: any client can send one, and Next.js only fills it in when it is
 * absent (`??=` in next/dist/server/base-server.js), so the app cannot tell a forged header from the
 * socket's address. The socket's peer therefore reaches the app in its own header, PEER_ADDRESS_HEADER,
 * set on every request by `installPeerAddressHeader()` (instrumentation-node.ts) through Node's
 * `http.server.request.start` diagnostics channel, before Next sees the request: a value sent by the
 * client is overwritten. Then, as Express's `trust proxy` does (proxy-addr), the chain
 * [peer, X-Forwarded-For from right to left] is walked while its addresses are TRUSTED_PROXIES; the
 * first untrusted one is the client. With no trusted proxy (the default) X-Forwarded-For is never
 * read: the client is the peer. Without the peer header (the hook not installed) every request is
 * UNKNOWN_CLIENT: one shared bucket for the limits, never loopback (fail closed).
 */
export const PEER_ADDRESS_HEADER = "x-duret-peer-address";
export const UNKNOWN_CLIENT = "unknown";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** One header of a Web `Headers` or of Node's / next-auth's plain header object. */
export function readHeader(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

const compiled = new Map<string, (addr: string, i: number) => boolean>();
function trustOf(trustedProxies: readonly string[]): (addr: string, i: number) => boolean {
  const key = trustedProxies.join(",");
  let trust = compiled.get(key);
  if (!trust) {
    trust = proxyaddr.compile([...trustedProxies]);
    compiled.set(key, trust);
  }
  return trust;
}

/** The client's address (IPv4-mapped IPv6 written as IPv4), or UNKNOWN_CLIENT. */
export function clientAddress(source: HeaderSource, trustedProxies: readonly string[] = getEnv().TRUSTED_PROXIES): string {
  const peer = readHeader(source, PEER_ADDRESS_HEADER)?.trim();
  if (!peer || !isIP(peer)) return UNKNOWN_CLIENT;
  const request = { headers: { "x-forwarded-for": readHeader(source, "x-forwarded-for") ?? "" }, socket: { remoteAddress: peer } };
  const address = proxyaddr(request as unknown as IncomingMessage, trustOf(trustedProxies)).trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const normalized = mapped ?? address;
  // A trusted proxy may pass on whatever its client wrote: anything but an address is one bucket.
  return isIP(normalized) ? normalized : UNKNOWN_CLIENT;
}

const loopback = proxyaddr.compile("loopback");
/** 127.0.0.0/8 or ::1 (also written IPv4-mapped). UNKNOWN_CLIENT is not. */
export function isLoopbackAddress(address: string): boolean {
  return isIP(address) !== 0 && loopback(address, 0);
}

/** Whether the request comes from this machine itself (no proxy in between that forwards another client). */
export function isLoopbackClient(source: HeaderSource, trustedProxies?: readonly string[]): boolean {
  return isLoopbackAddress(clientAddress(source, trustedProxies));
}

/** Sets PEER_ADDRESS_HEADER on one incoming request from its socket (what the channel hook does). */
export function stampPeerAddress(request: Pick<IncomingMessage, "headers">, socket: Pick<Socket, "remoteAddress">): void {
  // Assigning replaces whatever the client sent under that name.
  request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "";
}

/** Once per process (dev reloads and every bundle of instrumentation share it). */
export function installPeerAddressHeader(): void {
  processSingleton("__duretPeerAddressHook", () => {
    subscribe("http.server.request.start", (message) => {
      const { request, socket } = message as { request: IncomingMessage; socket: Socket };
      stampPeerAddress(request, socket);
    });
    return true;
  });
}
