import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted stand-in for HubSpot for failure tests: each request takes the next step of the
 * script (the last one repeats). Steps answer with a status and body, or hang forever.
 */
export type Step = { status: number; body?: unknown; headers?: Record<string, string> } | "hang" | "reset";

export interface FakeHubSpot {
  url: string;
  requests: { method: string; path: string; body: string }[];
  /** How many requests were left unanswered ("hang" steps) so far. */
  readonly hung: number;
  /** Resolves once `count` requests in all have been left unanswered. */
  whenHung(count: number): Promise<void>;
  script(steps: Step[]): void;
  close(): Promise<void>;
}

export async function startFakeHubSpot(): Promise<FakeHubSpot> {
  let steps: Step[] = [{ status: 200, body: {} }];
  const requests: FakeHubSpot["requests"] = [];
  let hung = 0;
  let hangWaiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", body });
      const step = steps.length > 1 ? steps.shift()! : steps[0]!;
      if (step === "hang") {
        // never answer
        hung++;
        for (const w of hangWaiters.filter((w) => w.count <= hung)) w.resolve();
        hangWaiters = hangWaiters.filter((w) => w.count > hung);
        return;
      }
      if (step === "reset") {
        req.socket.destroy();
        return;
      }
      res.writeHead(step.status, { "content-type": "application/json", ...step.headers });
      res.end(step.body === undefined ? "" : JSON.stringify(step.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get hung() {
      return hung;
    },
    whenHung(count) {
      if (hung >= count) return Promise.resolve();
      return new Promise<void>((resolve) => hangWaiters.push({ count, resolve }));
    },
    script(next) {
      steps = [...next];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const hubspotError = (status: number, extra: Record<string, unknown> = {}) => ({
  status,
  body: { status: "error", message: "error", correlationId: "00000000-0000-0000-0000-000000000000", category: "ERROR", ...extra },
});
