import { beforeEach, describe, expect, it, vi } from "vitest";

const pingDb = vi.fn<() => Promise<void>>();
const listPipelines = vi.fn<() => Promise<unknown[]>>();
vi.mock("@/lib/db/client", () => ({ pingDb: () => pingDb() }));
vi.mock("@/lib/hubspot/api", () => ({ listPipelines: () => listPipelines() }));

async function loadRoute() {
  vi.resetModules(); // the route remembers a HubSpot success for a while: start fresh each test
  return import("@/app/api/ready/route");
}

describe("/api/ready", () => {
  beforeEach(() => {
    pingDb.mockReset().mockResolvedValue(undefined);
    listPipelines.mockReset().mockResolvedValue([]);
    vi.spyOn(console, "error").mockImplementation(() => {});
  });

  it("answers 200 when the database and HubSpot respond, never cached", async () => {
    const { GET } = await loadRoute();
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ready", database: "ok", hubspot: "ok" });
  });

  it("answers 503 naming the failing dependency, without its error text", async () => {
    pingDb.mockRejectedValue(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=secret"));
    const { GET } = await loadRoute();
    const res = await GET();
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: "unavailable", database: "unavailable", hubspot: "ok" });
    expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|secret/);
  });

  it("reports HubSpot down, and trusts a success for a while instead of spending the request budget", async () => {
    listPipelines.mockRejectedValueOnce(new Error("503"));
    const { GET } = await loadRoute();
    expect((await (await GET()).json()).hubspot).toBe("unavailable");
    expect((await (await GET()).json()).hubspot).toBe("ok");
    await GET();
    await GET();
    expect(listPipelines).toHaveBeenCalledTimes(2);
  });

  it("gives up on a dependency that hangs", async () => {
    vi.useFakeTimers();
    try {
      pingDb.mockReturnValue(new Promise(() => {}));
      const { GET } = await loadRoute();
      const pending = GET();
      await vi.advanceTimersByTimeAsync(3500);
      const res = await pending;
      expect(res.status).toBe(503);
      expect((await res.json()).database).toBe("unavailable");
    } finally {
      vi.useRealTimers();
    }
  });
});
