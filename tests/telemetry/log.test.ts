import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, scrub, withLogContext } from "@/lib/log";
import { installRequestIdHook, requestIdFrom } from "@/lib/log/request-id";

/** A logger writing JSON lines to an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("JSON logs", () => {
  it("one JSON object per line: level, time, message, service", () => {
    const { logger, lines } = capture();
    logger.warn({ scope: "outbox", ticketId: "5001" }, "retry later");
    expect(lines).toEqual([expect.objectContaining({ level: "warn", msg: "retry later", scope: "outbox", ticketId: "5001", service: "duret-portal" })]);
    expect(typeof lines[0]!.time).toBe("string");
  });

  it("personal fields are redacted, at the top and one level down", () => {
    const { logger, lines } = capture();
    logger.info({ email: "camille.durand@example.fr", contact: { phone: "+33612345678", id: "101" }, token: "abc" }, "x");
    expect(lines[0]).toMatchObject({ email: "[redacted]", contact: { phone: "[redacted]", id: "101" }, token: "[redacted]" });
    expect(JSON.stringify(lines[0])).not.toMatch(/camille|612345678|"abc"/);
  });

  it("errors keep their type, code and cause, with emails and phone numbers masked", () => {
    const { logger, lines } = capture();
    const cause = Object.assign(new Error("HubSpot: contact camille.durand@example.fr exists (06 12 34 56 78)"), { code: "CONFLICT" });
    logger.error({ err: new Error("create failed for contact 10001", { cause }) }, "failed");
    const err = lines[0]!.err as { type: string; message: string; stack: string; cause: { message: string; code: string } };
    expect(err.type).toBe("Error");
    expect(err.message).toBe("create failed for contact 10001"); // ids stay
    expect(err.cause).toMatchObject({ code: "CONFLICT", message: "HubSpot: contact [email] exists ([phone])" });
    expect(JSON.stringify(lines[0])).not.toMatch(/camille|12 34 56 78/);
  });

  it("scrub leaves ids and dates alone", () => {
    expect(scrub("ticket 123456789012 at 2026-12-07T10:00:00Z, +33 6 12 34 56 78, léa@exemple.fr")).toBe("ticket 123456789012 at 2026-12-07T10:00:00Z, [phone], [email]");
  });

  it("a job's lines carry its id and kind", () => {
    const { logger, lines } = capture();
    withLogContext({ jobId: "ob_1", jobKind: "hubspot" }, () => logger.warn("attempt failed"));
    logger.warn("outside");
    expect(lines[0]).toMatchObject({ jobId: "ob_1", jobKind: "hubspot" });
    expect(lines[1]).not.toHaveProperty("jobId");
  });
});

describe("request id", () => {
  it("an incoming id is kept only when it is a short safe token", () => {
    expect(requestIdFrom("abc-123_X.y")).toBe("abc-123_X.y");
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom("<script>")).toMatch(UUID);
    expect(requestIdFrom("a".repeat(65))).toMatch(UUID);
    expect(requestIdFrom("id with spaces")).toMatch(UUID);
    expect(requestIdFrom(["first", "second"])).toBe("first");
  });

  describe("through an HTTP server (the hook instrumentation-node.ts installs)", () => {
    const { logger, lines } = capture();
    let server: Server;
    let url: string;
    beforeAll(async () => {
      installRequestIdHook();
      server = createServer((req, res) => {
        // Later work of the request (an await away) still logs with its id.
        setImmediate(() => {
          logger.info({ seen: req.headers["x-request-id"] }, "handled");
          res.end("ok");
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it("every line of the request has its id, the request and the answer carry it", async () => {
      lines.length = 0;
      const kept = await fetch(url, { headers: { "x-request-id": "lb-7f3a" } });
      const made = await fetch(url, { headers: { "x-request-id": "bad id; drop table" } });
      const none = await fetch(url);
      expect(kept.headers.get("x-request-id")).toBe("lb-7f3a");
      expect(made.headers.get("x-request-id")).toMatch(UUID);
      expect(none.headers.get("x-request-id")).toMatch(UUID);
      expect(none.headers.get("x-request-id")).not.toBe(made.headers.get("x-request-id"));
      expect(lines.map((l) => [l.requestId, l.seen])).toEqual([
        ["lb-7f3a", "lb-7f3a"],
        [made.headers.get("x-request-id"), made.headers.get("x-request-id")],
        [none.headers.get("x-request-id"), none.headers.get("x-request-id")],
      ]);
    });
  });
});
