import "server-only";
import { randomUUID } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { processSingleton } from "@/lib/process/singleton";
import { enterLogContext } from "./index";

/**
 * Each request's id: the one a front proxy sent in `x-request-id` when it is a short safe token
 * (letters, digits, `-`, `_`, `.`, at most 64), else a new UUID. It is stamped on the request (so
 * proxy.ts, pages and route handlers read the same value from their headers), echoed in the
 * answer's `x-request-id`, and kept in the log context for everything the request runs.
 *
 * Same hook as lib/client-address's peer address: Node's `http.server.request.start` diagnostics
 * channel, published synchronously just before the server emits 'request', so the context entered
 * here is the one Next.js handles the request in.
 */
export const REQUEST_ID_HEADER = "x-request-id";
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming id if it is a short safe token, else a fresh one. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && SAFE_ID.test(value) ? value : randomUUID();
}

/** What the hook does for one request (exported for tests). */
export function stampRequestId(request: Pick<IncomingMessage, "headers">, response: Pick<ServerResponse, "setHeader" | "headersSent">): string {
  const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
  request.headers[REQUEST_ID_HEADER] = id;
  if (!response.headersSent) response.setHeader(REQUEST_ID_HEADER, id);
  enterLogContext({ requestId: id });
  return id;
}

/** Once per process (instrumentation-node.ts). */
export function installRequestIdHook(): void {
  processSingleton("__duretRequestIdHook", () => {
    subscribe("http.server.request.start", (message) => {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      stampRequestId(request, response);
    });
    return true;
  });
}
