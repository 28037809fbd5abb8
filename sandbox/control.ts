import { PIPELINES, type CrmObjectType } from "@/lib/hubspot/spec";
import { STAFF_VISIBLE_MARKER, STAFF_VISIBLE_MARKER_TEXT } from "@/lib/hubspot/markers";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import type { SandboxFileMeta, SandboxObject, SandboxState } from "@/sandbox/types";
import { HubSpotError, notFound, validation } from "@/sandbox/errors";
import { updateStrictness } from "@/sandbox/strict";
import { imageSize } from "@/sandbox/routes/files";
import { resolveObjectType, type SandboxStore } from "@/sandbox/store";
import type { RateLimitConfig } from "@/sandbox/rate-limit";
import type { SandboxRuntime } from "@/sandbox/server";
import { WEBHOOK_SUBSCRIPTION_MODES } from "@/sandbox/webhooks";
import { handleCapturesControl } from "@/sandbox/captures/control";
import { handleBanControl } from "@/sandbox/ban/control";

export interface Stats {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** Signed-URL downloads: HubSpot's CDN, not API calls. */
  cdn: number;
  since: string;
}
/**
 * `appliedTimeout`: a write (POST/PUT/PATCH/DELETE other than a search) is applied, then answered
 * only after `timeoutMs` (default 10 s): the client has given up by then, not knowing it was applied.
 */
export type FaultMode = "none" | "error5xx" | "rate429" | "timeout" | "outage" | "appliedTimeout";
export interface Faults {
  mode: FaultMode;
  probability?: number;
  until?: number;
  latencyMs?: number;
  timeoutMs?: number;
  pathPattern?: string;
}
export interface Latency {
  ms: number;
  jitterMs: number;
}

type Result = { status: number; body?: unknown };

const num = (v: unknown, name: string, min: number, max: number): number | undefined => {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw validation(`${name} must be a number between ${min} and ${max}`);
  return n;
};
const obj = (v: unknown): Record<string, unknown> => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw validation("Expected a JSON object");
  return v as Record<string, unknown>;
};

/**
 * `/_sandbox/*`: test and demo controls (loopback only, no auth). Staff/technician actions write
 * through the store with changeSource CRM_UI, so they emit webhooks like changes made in HubSpot.
 */
export async function handleControl(rt: SandboxRuntime, method: string, path: string, query: URLSearchParams, readJson: () => Promise<unknown>): Promise<Result> {
  const parts = path.split("/").filter(Boolean).slice(1);
  const route = `${method} /${parts.map((p, i) => (parts[0] === "tickets" && i === 1 ? ":id" : p)).join("/")}`;
  const body = async () => (method === "POST" ? obj(await readJsonOrEmpty(readJson)) : {});
  const { store } = rt;

  const captured = await handleCapturesControl(rt.captures, route, query, body);
  if (captured) return captured;
  const ban = await handleBanControl(rt, route, body);
  if (ban) return ban;

  switch (route) {
    case "GET /health":
      return { status: 200, body: { status: "ok", objects: Object.fromEntries(counts(store)), gdprDeletions: store.gdprDeletions.length } };
    case "POST /reset":
      await rt.reset();
      return { status: 200, body: { status: "reset" } };
    case "POST /flush":
      await store.flush();
      return { status: 200, body: { status: "flushed" } };
    case "GET /strict":
      return { status: 200, body: store.strictness };
    case "POST /strict":
      store.strictness = updateStrictness(store.strictness, await body());
      return { status: 200, body: store.strictness };
    case "GET /stats":
      return { status: 200, body: rt.stats };
    case "POST /stats":
    case "POST /stats/reset": {
      const before = rt.stats;
      rt.stats = { total: 0, byRoute: {}, byStatus: {}, cdn: 0, since: new Date().toISOString() };
      return { status: 200, body: before };
    }
    case "GET /search-lag":
      return { status: 200, body: { ms: (store.searchIndex as { lagMs?: number } | undefined)?.lagMs ?? 0 } };
    case "POST /search-lag": {
      const ms = num((await body()).ms, "ms", 0, 600_000);
      if (ms === undefined) throw validation("ms is required");
      const index = store.searchIndex as { lagMs: number; clear(): void } | undefined;
      if (index) {
        index.lagMs = ms;
        if (ms === 0) index.clear();
      }
      return { status: 200, body: { ms } };
    }
    case "GET /faults":
      return { status: 200, body: rt.faults };
    case "POST /faults": {
      const b = await body();
      const mode = (b.mode ?? "none") as FaultMode;
      if (!["none", "error5xx", "rate429", "timeout", "outage", "appliedTimeout"].includes(mode)) throw validation(`Unknown fault mode: ${String(b.mode)}`);
      const durationMs = num(b.durationMs, "durationMs", 0, 86_400_000);
      rt.faults = {
        mode,
        probability: num(b.probability, "probability", 0, 1) ?? 1,
        until: durationMs !== undefined ? rt.now() + durationMs : undefined,
        latencyMs: num(b.latencyMs, "latencyMs", 0, 600_000),
        timeoutMs: num(b.timeoutMs, "timeoutMs", 0, 600_000),
        pathPattern: typeof b.pathPattern === "string" ? b.pathPattern : undefined,
      };
      return { status: 200, body: rt.faults };
    }
    case "POST /latency": {
      const b = await body();
      rt.latency = { ms: num(b.ms, "ms", 0, 600_000) ?? 0, jitterMs: num(b.jitterMs, "jitterMs", 0, 600_000) ?? 0 };
      return { status: 200, body: rt.latency };
    }
    case "GET /rate-limits":
      return { status: 200, body: rt.limiter.config };
    case "POST /rate-limits": {
      const b = await body();
      const patch: Partial<RateLimitConfig> = {};
      if (b.enabled !== undefined) patch.enabled = Boolean(b.enabled);
      const per10s = num(b.per10s, "per10s", 1, 1_000_000);
      const sps = num(b.searchPerSecond, "searchPerSecond", 1, 1_000_000);
      const daily = num(b.daily, "daily", 1, 1_000_000_000);
      if (per10s !== undefined) patch.per10s = per10s;
      if (sps !== undefined) patch.searchPerSecond = sps;
      if (daily !== undefined) patch.daily = daily;
      rt.limiter.configure(patch);
      if (b.resetCounters === true) rt.limiter.reset();
      return { status: 200, body: rt.limiter.config };
    }
    case "GET /gdpr-deletions":
      return { status: 200, body: { results: store.gdprDeletions } };
    case "POST /owners/deactivate":
    case "POST /owners/reactivate": {
      // A HubSpot user deactivated (or brought back) by an account admin: its owner leaves (or
      // rejoins) the default owners list; archived=true answers it while deactivated.
      const id = String((await body()).id ?? "");
      const o = store.owner(id);
      if (!o) throw validation(`Unknown owner: ${id}`);
      o.archived = route === "POST /owners/deactivate";
      o.updatedAt = new Date(rt.now()).toISOString();
      store.touch();
      return { status: 200, body: { id: o.id, archived: o.archived } };
    }
    case "GET /webhooks":
      return { status: 200, body: { configured: Boolean(rt.webhooks), subscriptions: rt.webhooks?.subscriptionMode, deliveries: rt.webhooks?.deliveries ?? [] } };
    case "POST /webhooks": {
      // {"subscriptions":"all"} sends every change (diagnosis); "project" only what the HubSpot project subscribes to.
      const b = await body();
      if (!rt.webhooks) throw validation("Webhooks are not configured");
      const mode = WEBHOOK_SUBSCRIPTION_MODES.find((m) => m === b.subscriptions);
      if (!mode) throw validation(`subscriptions must be one of ${WEBHOOK_SUBSCRIPTION_MODES.join(", ")}`);
      rt.webhooks.subscriptionMode = mode;
      return { status: 200, body: { subscriptions: mode } };
    }
    case "POST /bulk": {
      const b = await body();
      const type = typeof b.objectType === "string" ? resolveObjectType(b.objectType) : undefined;
      if (!type) throw validation(`Unknown objectType: ${String(b.objectType)}`);
      const count = num(b.count, "count", 1, 50_000) ?? 1;
      const props = b.properties && typeof b.properties === "object" ? (b.properties as Record<string, unknown>) : {};
      const ids = store.bulkInsert(type, count, Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)])));
      return { status: 201, body: { objectType: type, count: ids.length, firstId: ids[0], lastId: ids[ids.length - 1] } };
    }
    case "POST /tickets/:id/stage":
      return ticketStage(rt, parts[1]!, await body());
    case "POST /tickets/:id/reply":
      return ticketReply(rt, parts[1]!, await body());
    case "POST /tickets/:id/photos":
      return ticketPhotos(rt, parts[1]!, await body());
    case "POST /tickets/:id/report":
      return ticketReport(rt, parts[1]!, await body());
    default:
      void query;
      throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Unknown control endpoint ${method} ${path}`);
  }
}

async function readJsonOrEmpty(readJson: () => Promise<unknown>): Promise<unknown> {
  try {
    return await readJson();
  } catch (e) {
    // An empty body is fine for control actions; malformed JSON is not.
    if (e instanceof HubSpotError && e.message.includes("No content")) return {};
    throw e;
  }
}

function counts(store: SandboxStore): [CrmObjectType, number][] {
  return (["contacts", "tickets", "deals", "quotes", "line_items", "invoices", "notes", "meetings"] as CrmObjectType[]).map((t) => [t, store.list(t).length]);
}

function requireTicket(store: SandboxStore, id: string): SandboxObject {
  const t = store.getObject("tickets", id);
  if (!t) throw notFound(`Ticket ${id} not found`);
  return t;
}

/** Which spec pipeline a ticket sits in (matched by label, as the portal does). */
function pipelineKeyOf(store: SandboxStore, ticket: SandboxObject): "interventions" | "service_desk" | undefined {
  const p = store.pipelines.find((x) => x.id === ticket.properties.hs_pipeline);
  if (!p) return undefined;
  if (p.label === PIPELINES.interventions.label) return "interventions";
  if (p.label === PIPELINES.serviceDesk.label) return "service_desk";
  return undefined;
}

async function resolveStage(store: SandboxStore, ticket: SandboxObject, stageKey: string): Promise<string> {
  const pipeline = store.pipelines.find((x) => x.id === ticket.properties.hs_pipeline);
  if (pipeline?.stages.some((s) => s.id === stageKey)) return stageKey;
  const key = pipelineKeyOf(store, ticket);
  if (!key) throw validation(`Ticket ${ticket.id} is not in a portal pipeline`);
  let id: string | undefined;
  try {
    const { stageIdByKey } = await import("@/sandbox/state");
    id = stageIdByKey({ pipelines: store.pipelines } as SandboxState, key, stageKey);
  } catch {
    id = undefined;
  }
  if (!id) {
    // Fallback on the spec's labels (same rule as the portal's resolver).
    const spec = key === "interventions" ? PIPELINES.interventions : PIPELINES.serviceDesk;
    const label = (spec.stages as readonly { key: string; label: string }[]).find((s) => s.key === stageKey)?.label;
    id = pipeline?.stages.find((s) => s.label === label)?.id;
  }
  if (!id) throw validation(`Unknown stage "${stageKey}" for pipeline ${key}`);
  return id;
}

async function ticketStage(rt: SandboxRuntime, id: string, b: Record<string, unknown>): Promise<Result> {
  const ticket = requireTicket(rt.store, id);
  if (typeof b.stage !== "string") throw validation("stage is required");
  const stageId = await resolveStage(rt.store, ticket, b.stage);
  const props: Record<string, unknown> = { hs_pipeline_stage: stageId };
  if (b.eta !== undefined) props.eta = b.eta;
  rt.store.updateObject("tickets", ticket, props, "CRM_UI");
  return { status: 200, body: { id: ticket.id, properties: ticket.properties } };
}

function contactsOf(store: SandboxStore, ticketId: string): string[] {
  return store.associations("tickets", ticketId, "contacts").map((a) => a.toId);
}

function createNote(rt: SandboxRuntime, ticket: SandboxObject, props: Record<string, unknown>): SandboxObject {
  const associations = [
    { to: { id: ticket.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 228 }] },
    ...contactsOf(rt.store, ticket.id).map((c) => ({ to: { id: c }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 202 }] })),
  ];
  // Written in HubSpot's UI: HubSpot records the user who created it.
  const ownerId = typeof props.hubspot_owner_id === "string" ? props.hubspot_owner_id : ticket.properties.hubspot_owner_id;
  const userId = ownerId ? rt.store.owner(ownerId)?.userId : undefined;
  return rt.store.createObject("notes", { hs_timestamp: new Date().toISOString(), ...(userId ? { hs_created_by_user_id: String(userId) } : {}), ...props }, associations, "CRM_UI");
}

async function ticketReply(rt: SandboxRuntime, id: string, b: Record<string, unknown>): Promise<Result> {
  const ticket = requireTicket(rt.store, id);
  if (typeof b.body !== "string" || !b.body.trim()) throw validation("body is required");
  const ownerId = typeof b.ownerId === "string" ? b.ownerId : (ticket.properties.hubspot_owner_id ?? undefined);
  // A reply staff mean the customer to read starts with « #client » (lib/hubspot/markers.ts).
  const text = STAFF_VISIBLE_MARKER.test(b.body) ? b.body : `${STAFF_VISIBLE_MARKER_TEXT} ${b.body}`;
  const note = createNote(rt, ticket, { hs_note_body: text, ...(ownerId ? { hubspot_owner_id: ownerId } : {}) });
  // A staff reply moves a service-desk request to "waiting for the customer", as staff do in HubSpot.
  if (pipelineKeyOf(rt.store, ticket) === "service_desk") {
    const waiting = await resolveStage(rt.store, ticket, "waiting_customer").catch(() => undefined);
    if (waiting) rt.store.updateObject("tickets", ticket, { hs_pipeline_stage: waiting }, "CRM_UI");
  } else rt.store.updateObject("tickets", ticket, {}, "CRM_UI");
  return { status: 201, body: { noteId: note.id } };
}

async function storeGeneratedFile(store: SandboxStore, name: string, extension: string, folder: string, bytes: Uint8Array): Promise<SandboxFileMeta> {
  const now = new Date().toISOString();
  const type = extension === "pdf" ? "DOCUMENT" : "IMG";
  const meta: SandboxFileMeta = {
    id: store.newId(),
    name,
    extension,
    type,
    mimeType: extension === "pdf" ? "application/pdf" : "image/jpeg",
    size: bytes.byteLength,
    access: "PRIVATE",
    path: `${folder}/${name}.${extension}`,
    ...(type === "IMG" ? (imageSize(bytes) ?? {}) : {}),
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  await store.addFile(meta, bytes);
  return meta;
}

async function ticketPhotos(rt: SandboxRuntime, id: string, b: Record<string, unknown>): Promise<Result> {
  const ticket = requireTicket(rt.store, id);
  const kind = b.kind;
  if (kind !== "before" && kind !== "after") throw validation('kind must be "before" or "after"');
  const count = num(b.count, "count", 1, 10) ?? 1;
  const { renderPhoto } = await import("@/sandbox/seed/media");
  const prop = kind === "before" ? "photos_before_file_ids" : "photos_after_file_ids";
  const existing = (ticket.properties[prop] ?? "").split(";").filter(Boolean);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = existing.length + i + 1;
    const bytes = await renderPhoto({ kind, title: ticket.properties.subject ?? `Intervention ${ticket.id}`, seed: Number(ticket.id) * 31 + n });
    const meta = await storeGeneratedFile(rt.store, `${kind === "before" ? "avant" : "apres"}-${n}`, "jpg", `/interventions/${ticket.id}`, bytes);
    ids.push(meta.id);
  }
  const note = createNote(rt, ticket, {
    hs_note_body: `${STAFF_VISIBLE_MARKER_TEXT} ${kind === "before" ? "Photos avant intervention" : "Photos après intervention"}`,
    hs_attachment_ids: ids.join(";"),
  });
  rt.store.updateObject("tickets", ticket, { [prop]: [...existing, ...ids].join(";") }, "CRM_UI");
  return { status: 201, body: { fileIds: ids, noteId: note.id } };
}

async function ticketReport(rt: SandboxRuntime, id: string, b: Record<string, unknown>): Promise<Result> {
  const ticket = requireTicket(rt.store, id);
  const { renderReportPdf } = await import("@/sandbox/seed/media");
  const contactId = contactsOf(rt.store, ticket.id)[0];
  const contact = contactId ? rt.store.getObject("contacts", contactId) : undefined;
  const owner = ticket.properties.hubspot_owner_id ? rt.store.owner(ticket.properties.hubspot_owner_id) : undefined;
  const typeLabel = INTERVENTION_TYPES.find((t) => t.value === ticket.properties.intervention_type)?.label ?? "Intervention";
  const findings = Array.isArray(b.findings) ? b.findings.map(String) : ["Installation contrôlée", "Travaux réalisés conformément à la demande"];
  const bytes = await renderReportPdf({
    reference: `INT-${ticket.id}`,
    customerName: contact ? `${contact.properties.firstname ?? ""} ${contact.properties.lastname ?? ""}`.trim() : "Client",
    address: ticket.properties.intervention_address ?? contact?.properties.address ?? "",
    technicianName: owner ? `${owner.firstName} ${owner.lastName}` : "Technicien Duret",
    interventionType: typeLabel,
    date: new Date(),
    findings,
  });
  const meta = await storeGeneratedFile(rt.store, `rapport-INT-${ticket.id}`, "pdf", `/interventions/${ticket.id}`, bytes);
  const note = createNote(rt, ticket, { hs_note_body: `${STAFF_VISIBLE_MARKER_TEXT} Rapport d'intervention disponible`, hs_attachment_ids: meta.id });
  const stage = await resolveStage(rt.store, ticket, "report_available").catch(() => undefined);
  rt.store.updateObject("tickets", ticket, { report_file_id: meta.id, ...(stage ? { hs_pipeline_stage: stage } : {}) }, "CRM_UI");
  return { status: 201, body: { fileId: meta.id, noteId: note.id } };
}
