/**
 * HubSpot cost and sandbox latency.
 *
 * 1. Sandbox latency: the official SDK against an ephemeral seeded sandbox (rate limits off),
 *    sequential calls, p50/p95/p99 per call family.
 * 2. Calls per page view: a production build of the portal on its own sandbox; the same
 *    customer's page is viewed once (cold) then REPEAT times; the sandbox counts the HubSpot
 *    requests each view caused. Target: < 0.1 calls per repeated view.
 *
 * Run: npm run bench -- hubspot   (or: npx tsx bench/hubspot-calls.ts)
 */
import { Client } from "@hubspot/api-client";
import { buildSeed } from "@/sandbox/seed";
import { createSandbox } from "@/sandbox/server";
import { fmt, sandboxRequestCount, SANDBOX_TOKEN, sessionCookie, startPortal, summarize } from "./support";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 50);

async function timeIt(samples: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function sandboxLatency(): Promise<Record<string, ReturnType<typeof summarize>>> {
  const seed = await buildSeed();
  const sandbox = await createSandbox({
    port: 0,
    token: SANDBOX_TOKEN,
    quiet: true,
    seed: () => seed,
    rateLimits: { enabled: false, per10s: 190, searchPerSecond: 5, daily: 625_000 },
  });
  try {
    const client = new Client({ accessToken: SANDBOX_TOKEN, basePath: sandbox.url, numberOfApiCallRetries: 1 });
    const contactIds = seed.state.objects.contacts.map((c) => c.id);
    const pick = (i: number) => contactIds[i % contactIds.length]!;
    const results: Record<string, ReturnType<typeof summarize>> = {};
    // Warm up the HTTP connection and the JIT.
    await timeIt(20, (i) => client.crm.contacts.basicApi.getById(pick(i)));
    results["contacts.getById"] = summarize(await timeIt(SAMPLES, (i) => client.crm.contacts.basicApi.getById(pick(i), ["email", "firstname", "sage_customer_code"])));
    results["contacts.batch.read(50)"] = summarize(
      await timeIt(SAMPLES, () => client.crm.contacts.batchApi.read({ inputs: contactIds.slice(0, 50).map((id) => ({ id })), properties: ["email"], propertiesWithHistory: [] })),
    );
    results["tickets.search(stage+sort)"] = summarize(
      await timeIt(SAMPLES, () =>
        client.crm.tickets.searchApi.doSearch({
          filterGroups: [{ filters: [{ propertyName: "hs_pipeline_stage", operator: "HAS_PROPERTY" as never }] }],
          sorts: ["-createdate"],
          properties: ["subject", "hs_pipeline_stage"],
          limit: 100,
          after: "0",
        }),
      ),
    );
    results["associations.v4.getPage(contact→tickets)"] = summarize(
      await timeIt(SAMPLES, (i) => client.crm.associations.v4.basicApi.getPage("contacts", pick(i), "tickets")),
    );
    return results;
  } finally {
    await sandbox.close();
  }
}

export async function callsPerPageView(): Promise<{ firstView: number; repeatedViews: number; perRepeatedView: number; viewMs: ReturnType<typeof summarize>; secondCustomerFirstView: number }> {
  const portal = await startPortal();
  try {
    const demo = await fetch(`${portal.sandbox.url}/crm/v3/objects/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: "camille.martin@example.fr" }] }], limit: 1 }),
    }).then((r) => r.json() as Promise<{ results: { id: string }[] }>);
    const other = await fetch(`${portal.sandbox.url}/crm/v3/objects/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: "antoine.girard@example.com" }] }], limit: 1 }),
    }).then((r) => r.json() as Promise<{ results: { id: string }[] }>);
    const contactId = demo.results[0]!.id;
    const otherId = other.results[0]!.id;
    const cookies = new Map([
      [contactId, await sessionCookie(contactId, "camille.martin@example.fr")],
      [otherId, await sessionCookie(otherId, "antoine.girard@example.com")],
    ]);

    // The signed-in dashboard of one customer.
    const view = async (id: string) => {
      const res = await fetch(`${portal.url}/`, { headers: { cookie: cookies.get(id)! }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`page answered ${res.status}`);
      return body;
    };
    const c0 = await sandboxRequestCount(portal.sandbox.url);
    await view(contactId);
    const c1 = await sandboxRequestCount(portal.sandbox.url);
    const times = await timeIt(REPEAT, () => view(contactId));
    const c2 = await sandboxRequestCount(portal.sandbox.url);
    await view(otherId);
    const c3 = await sandboxRequestCount(portal.sandbox.url);
    return {
      firstView: c1 - c0,
      repeatedViews: c2 - c1,
      perRepeatedView: (c2 - c1) / REPEAT,
      viewMs: summarize(times),
      secondCustomerFirstView: c3 - c2,
    };
  } finally {
    await portal.stop();
  }
}

export async function runHubSpotBench(): Promise<Record<string, unknown>> {
  console.log(`\n## Sandbox latency through @hubspot/api-client (${SAMPLES} sequential calls each, rate limits off)`);
  const latency = await sandboxLatency();
  console.log("| call | p50 | p95 | p99 |\n|---|---|---|---|");
  for (const [name, s] of Object.entries(latency)) console.log(`| ${name} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`);

  console.log(`\n## HubSpot calls per page view (production build, same customer, ${REPEAT} repeated views)`);
  const calls = await callsPerPageView();
  console.log(`first view (cold cache):        ${calls.firstView} HubSpot calls`);
  console.log(`repeated views:                 ${calls.repeatedViews} calls in ${REPEAT} views = ${calls.perRepeatedView.toFixed(3)} per view (target < 0.1)`);
  console.log(`another customer's first view:  ${calls.secondCustomerFirstView} calls`);
  console.log(`repeated view time:             p50 ${fmt(calls.viewMs.p50)}, p95 ${fmt(calls.viewMs.p95)}`);
  console.log(`verdict: ${calls.perRepeatedView < 0.1 ? "PASS" : "FAIL"} (calls per repeated view < 0.1)`);
  return { latency, calls };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runHubSpotBench();
}
