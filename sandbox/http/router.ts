import type { IncomingMessage } from "node:http";

/** What a handler gets: parsed URL pieces, path params and lazy body readers. */
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage["headers"];
  req: IncomingMessage;
  /** The matched route template, e.g. "/crm/v3/objects/:objectType/:objectId" (stats key). */
  template: string;
  /** Origin the client used (for links and signed URLs). */
  baseUrl: string;
  readJson(): Promise<unknown>;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of a JSON body (downloads). */
  raw?: { contentType: string; bytes: Uint8Array; fileName?: string };
}

export type Handler = (ctx: RequestContext) => Promise<HandlerResult> | HandlerResult;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

/**
 * A small path router: literal segments beat parameters, so "/x/search" wins over "/x/:id" whatever
 * the registration order. Trailing slashes are ignored, as the SDK strips them.
 */
export class Router {
  private routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, template, segments: split(template), handler });
    return this;
  }
  get(t: string, h: Handler) {
    return this.add("GET", t, h);
  }
  post(t: string, h: Handler) {
    return this.add("POST", t, h);
  }
  patch(t: string, h: Handler) {
    return this.add("PATCH", t, h);
  }
  put(t: string, h: Handler) {
    return this.add("PUT", t, h);
  }
  delete(t: string, h: Handler) {
    return this.add("DELETE", t, h);
  }

  /** `methodMismatch` is true when the path exists under another method (405). */
  match(method: string, path: string): { route?: { template: string; handler: Handler; params: Record<string, string> }; methodMismatch: boolean } {
    const parts = split(path);
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    let methodMismatch = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith(":")) {
          let decoded: string;
          try {
            decoded = decodeURIComponent(part);
          } catch {
            decoded = part;
          }
          params[seg.slice(1)] = decoded;
        } else if (seg === part) {
          score += 1 << (parts.length - i);
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      if (!best || score > best.score) best = { route, params, score };
    }
    if (!best) return { methodMismatch };
    return { route: { template: best.route.template, handler: best.route.handler, params: best.params }, methodMismatch: false };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}
