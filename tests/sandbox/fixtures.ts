import { Client } from "@hubspot/api-client";
import { ASSOCIATION_TYPES } from "@/lib/hubspot/spec";
import { createSandbox, type Sandbox, type SandboxOptions } from "@/sandbox/server";
import { emptyState, stageIdByKey } from "@/sandbox/state";
import type { SandboxObject, SeedResult } from "@/sandbox/types";

export const TOKEN = "test-token-0123456789";

/**
 * A small deterministic seed: HubSpot's schema (emptyState) plus two owners, three contacts and
 * one intervention ticket linked to the first contact. Fast to build, unlike the full demo seed.
 */
export function fixtureSeed(): SeedResult {
  const state = emptyState({ now: new Date("2026-01-01T00:00:00Z") });
  const at = "2026-01-01T00:00:00.000Z";
  state.owners = [
    { id: "501", userId: 9001, email: "paul.technicien@duret.fr", firstName: "Paul", lastName: "Morel", archived: false, createdAt: at, updatedAt: at },
    { id: "502", userId: 9002, email: "lea.accueil@duret.fr", firstName: "Léa", lastName: "Roux", archived: false, createdAt: at, updatedAt: at },
  ];
  let next = state.nextId;
  const obj = (properties: Record<string, string>): SandboxObject => {
    const id = String(next++);
    return { id, properties: { hs_object_id: id, createdate: at, hs_createdate: at, hs_lastmodifieddate: at, ...properties }, createdAt: at, updatedAt: at, archived: false };
  };
  const contacts = [
    obj({ email: "camille.martin@example.fr", firstname: "Camille", lastname: "Martin", city: "Lyon", sage_customer_code: "CLI001", lastmodifieddate: at }),
    obj({ email: "antoine.girard@example.fr", firstname: "Antoine", lastname: "Girard", city: "Villeurbanne", sage_customer_code: "CLI002", lastmodifieddate: at }),
    obj({ email: "sophie.bernard@example.fr", firstname: "Sophie", lastname: "Bernard", city: "Lyon", lastmodifieddate: at }),
  ];
  const ticket = obj({
    subject: "Disjoncteur qui saute",
    hs_pipeline: "12345601",
    hs_pipeline_stage: stageIdByKey(state, "interventions", "scheduled")!,
    intervention_type: "depannage",
    hubspot_owner_id: "501",
  });
  state.objects.contacts = contacts;
  state.objects.tickets = [ticket];
  state.associations = [{ fromType: "tickets", fromId: ticket.id, toType: "contacts", toId: contacts[0]!.id, typeId: ASSOCIATION_TYPES.ticket_to_contact }];
  state.nextId = next;
  return { state, fileBytes: new Map(), demoCustomers: [] };
}

export interface TestSandbox {
  sandbox: Sandbox;
  client: Client;
  control(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string>; token?: string | null }): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const sandbox = await createSandbox({
    port: 0,
    token: TOKEN,
    quiet: true,
    seed: fixtureSeed,
    rateLimits: { enabled: false, per10s: 190, searchPerSecond: 5, daily: 625_000 },
    ...options,
  });
  const client = new Client({ accessToken: TOKEN, basePath: sandbox.url, numberOfApiCallRetries: 0 });
  return {
    sandbox,
    client,
    async control(path, body) {
      const res = await fetch(`${sandbox.url}/_sandbox/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
      return { status: res.status, body: await res.json() };
    },
    async raw(method, path, init = {}) {
      const headers: Record<string, string> = { "content-type": "application/json", ...(init.headers ?? {}) };
      if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
      const res = await fetch(`${sandbox.url}${path}`, { method, body: init.body, headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // non-JSON body (downloads)
      }
      return { status: res.status, body, headers: res.headers };
    },
  };
}

/** The error an SDK call threw (ApiException), for asserting status and body. */
export async function sdkError(p: Promise<unknown>): Promise<{ code: number; body: any; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: unknown; headers: Record<string, string> };
    let body = err.body;
    if (typeof body === "string") {
      try {
        body = JSON.parse(body);
      } catch {
        // keep string
      }
    }
    return { code: err.code, body, headers: err.headers };
  }
  throw new Error("expected the call to fail");
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
