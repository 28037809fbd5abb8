import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { ASSOCIATION_TYPES, CRM_OBJECT_TYPES, OBJECT_TYPE_IDS, type CrmObjectType } from "@/lib/hubspot/spec";
import type {
  SandboxAssociation,
  SandboxFileMeta,
  SandboxObject,
  SandboxOwner,
  SandboxPipeline,
  SandboxProperty,
  SandboxState,
  SeedResult,
} from "@/sandbox/types";
import { conflict, invalidProperties, notFound, validation, type PropertyProblem } from "@/sandbox/errors";
import { strictnessFromEnv, type Strictness } from "@/sandbox/strict";

/* ------------------------------------------------------------------ object types and association types */

const SINGULAR: Record<CrmObjectType, string> = {
  contacts: "contact",
  deals: "deal",
  tickets: "ticket",
  line_items: "line_item",
  quotes: "quote",
  notes: "note",
  meetings: "meeting",
  invoices: "invoice",
};
const ALIASES = new Map<string, CrmObjectType>();
for (const t of CRM_OBJECT_TYPES) {
  ALIASES.set(t, t);
  ALIASES.set(SINGULAR[t], t);
  ALIASES.set(OBJECT_TYPE_IDS[t], t);
}
ALIASES.set("meeting_event", "meetings");
ALIASES.set("meeting_events", "meetings");
ALIASES.set("lineitem", "line_items");
ALIASES.set("lineitems", "line_items");
ALIASES.set("line items", "line_items");

/** HubSpot accepts plural names, singular names and object type ids ("0-1") in paths and params. */
export function resolveObjectType(name: string): CrmObjectType | undefined {
  return ALIASES.get(name.toLowerCase());
}
export const singularOf = (t: CrmObjectType): string => SINGULAR[t];

/** The key HubSpot uses in v3 `associations` maps ("line items" really has a space). */
export function associationKey(t: CrmObjectType): string {
  return t === "line_items" ? "line items" : t;
}

export interface AssociationTypeInfo {
  typeId: number;
  from: CrmObjectType;
  to: CrmObjectType;
  name: string;
  reverse: number;
}
const SINGULAR_TO_TYPE = new Map(CRM_OBJECT_TYPES.map((t) => [SINGULAR[t], t] as const));
export const ASSOCIATION_TYPE_INFO = new Map<number, AssociationTypeInfo>();
const DEFAULT_ASSOCIATION = new Map<string, number>();
for (const [name, typeId] of Object.entries(ASSOCIATION_TYPES)) {
  const m = /^(.+)_to_(.+)$/.exec(name);
  if (!m) continue;
  const from = SINGULAR_TO_TYPE.get(m[1]!);
  const to = SINGULAR_TO_TYPE.get(m[2]!);
  if (!from || !to) continue;
  const reverseName = `${m[2]}_to_${m[1]}` as keyof typeof ASSOCIATION_TYPES;
  const reverse = ASSOCIATION_TYPES[reverseName] ?? typeId;
  ASSOCIATION_TYPE_INFO.set(typeId, { typeId, from, to, name, reverse });
  DEFAULT_ASSOCIATION.set(`${from}>${to}`, typeId);
}
export const defaultAssociationType = (from: CrmObjectType, to: CrmObjectType) => DEFAULT_ASSOCIATION.get(`${from}>${to}`);
export const reverseTypeId = (typeId: number) => ASSOCIATION_TYPE_INFO.get(typeId)?.reverse ?? typeId;
export function associationTypeName(from: CrmObjectType, to: CrmObjectType, typeId: number): string {
  const info = ASSOCIATION_TYPE_INFO.get(typeId);
  return info ? info.name : `${SINGULAR[from]}_to_${SINGULAR[to]}`;
}

/* ------------------------------------------------------------------ timestamps per type */

const CREATE_DATE: Record<CrmObjectType, string> = {
  contacts: "createdate",
  tickets: "createdate",
  deals: "createdate",
  line_items: "createdate",
  quotes: "hs_createdate",
  notes: "hs_createdate",
  meetings: "hs_createdate",
  invoices: "hs_createdate",
};
const MODIFIED_DATES = (t: CrmObjectType) => (t === "contacts" ? ["lastmodifieddate", "hs_lastmodifieddate"] : ["hs_lastmodifieddate"]);
/** Properties the server maintains itself; client writes to them are ignored, as HubSpot does. */
const SYSTEM_PROPERTIES = new Set(["hs_object_id", "lastmodifieddate", "hs_lastmodifieddate"]);

/** HubSpot's default property set for reads without `properties`. */
export const DEFAULT_PROPERTIES: Record<CrmObjectType, string[]> = {
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  tickets: ["content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"],
  deals: ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"],
  line_items: ["amount", "createdate", "description", "hs_lastmodifieddate", "hs_object_id", "hs_product_id", "name", "price", "quantity"],
  quotes: ["hs_createdate", "hs_expiration_date", "hs_lastmodifieddate", "hs_object_id", "hs_public_url_key", "hs_status", "hs_title"],
  notes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  meetings: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  invoices: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

/* ------------------------------------------------------------------ events */

export type ChangeSource = "INTEGRATION" | "CRM_UI";
export interface StoreEvent {
  kind: "creation" | "deletion" | "propertyChange" | "privacyDeletion" | "associationChange";
  objectType: CrmObjectType;
  objectId: string;
  propertyName?: string;
  propertyValue?: string | null;
  /** associationChange: the other end, the type id from objectType's side, added or removed. */
  association?: { toObjectType: CrmObjectType; toObjectId: string; typeId: number; removed: boolean };
  changeSource: ChangeSource;
  occurredAt: number;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}
export interface GdprDeletion {
  objectType: CrmObjectType;
  objectId: string;
  email: string | null;
  deletedAt: string;
}

type PropertyInput = Record<string, unknown>;
export interface AssociationInput {
  to: { id: string };
  types: { associationCategory: string; associationTypeId: number }[];
}

interface PersistedFile {
  format: "duret-sandbox/1";
  state: SandboxState;
  extras: { propertyGroups: Partial<Record<CrmObjectType, PropertyGroup[]>>; gdprDeletions: GdprDeletion[] };
}

const GROUP_LABELS: Record<string, string> = {
  contactinformation: "Contact information",
  ticketinformation: "Ticket information",
  dealinformation: "Deal information",
  quoteinformation: "Quote information",
  lineiteminformation: "Line item information",
  invoiceinformation: "Invoice information",
  engagement: "Engagement",
  meeting: "Meeting",
  note: "Note",
};

/**
 * The sandbox's data: indexed maps over `SandboxState`, every mutation HubSpot's API can make, change
 * events for webhooks, and debounced atomic persistence to `${dataDir}/sandbox/`.
 */
export class SandboxStore {
  private objects = emptyRecord(() => new Map<string, SandboxObject>());
  private props = emptyRecord(() => new Map<string, SandboxProperty>());
  private groups = emptyRecord((): PropertyGroup[] => []);
  private assoc = new Map<string, Map<CrmObjectType, Map<string, Set<number>>>>();
  private emailIndex = new Map<string, string>();
  private files = new Map<string, SandboxFileMeta>();
  private fileBytes = new Map<string, Uint8Array>();
  owners: SandboxOwner[] = [];
  pipelines: SandboxPipeline[] = [];
  /** HubSpot's strict behaviours (sandbox/strict.ts); createSandbox and POST /_sandbox/strict set them. */
  strictness: Strictness = strictnessFromEnv();
  gdprDeletions: GdprDeletion[] = [];
  private nextId = 1;
  private listeners: ((e: StoreEvent) => void)[] = [];
  /** Set while loading state or unlinking a deleted object: no association events then. */
  private quietLinks = false;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;
  readonly dir: string | undefined;
  private readonly now: () => Date;
  /** What search sees (sandbox/search-index.ts: HubSpot's index lag); unset: the store itself. */
  searchIndex?: { list(type: CrmObjectType): SandboxObject[]; clear(): void };
  private readonly beforeChangeListeners: ((type: CrmObjectType, id: string, before: SandboxObject | undefined) => void)[] = [];

  constructor(opts: { dataDir?: string; now?: () => Date; saveDelayMs?: number } = {}) {
    this.dir = opts.dataDir ? path.join(opts.dataDir, "sandbox") : undefined;
    this.now = opts.now ?? (() => new Date());
    this.saveDelayMs = opts.saveDelayMs ?? 250;
  }
  private readonly saveDelayMs: number;

  /* -------------------------------------------------------------- loading and persistence */

  /** Loads `state.json` if one exists; returns false when there is nothing persisted. */
  async loadPersisted(): Promise<boolean> {
    if (!this.dir) return false;
    const file = path.join(this.dir, "state.json");
    if (!existsSync(file)) return false;
    const data = JSON.parse(await readFile(file, "utf8")) as PersistedFile;
    this.replace(data.state, new Map());
    for (const [t, gs] of Object.entries(data.extras?.propertyGroups ?? {})) {
      const type = resolveObjectType(t);
      if (type && gs) this.groups[type] = gs;
    }
    this.gdprDeletions = data.extras?.gdprDeletions ?? [];
    return true;
  }

  /** Replaces everything with a seed (start without persisted state, or `/_sandbox/reset`). */
  async loadSeed(seed: SeedResult): Promise<void> {
    this.replace(seed.state, seed.fileBytes);
    this.gdprDeletions = [];
    if (this.dir) {
      await rm(path.join(this.dir, "files"), { recursive: true, force: true });
      await mkdir(path.join(this.dir, "files"), { recursive: true });
      for (const [id, bytes] of seed.fileBytes) await writeAtomic(path.join(this.dir, "files", safeId(id)), bytes);
      await this.flush(true);
    }
  }

  private replace(state: SandboxState, bytes: Map<string, Uint8Array>): void {
    this.objects = emptyRecord(() => new Map());
    this.props = emptyRecord(() => new Map());
    this.groups = emptyRecord(() => []);
    this.assoc = new Map();
    this.emailIndex = new Map();
    this.files = new Map();
    this.fileBytes = new Map(bytes);
    this.nextId = state.nextId;
    this.owners = structuredClone(state.owners);
    this.pipelines = structuredClone(state.pipelines);
    for (const type of CRM_OBJECT_TYPES) {
      for (const p of state.properties[type] ?? []) this.props[type].set(p.name, structuredClone(p));
      for (const o of state.objects[type] ?? []) {
        const obj = structuredClone(o);
        this.objects[type].set(obj.id, obj);
        this.bumpId(obj.id);
        if (type === "contacts" && !obj.archived) this.indexEmail(obj);
      }
    }
    this.quietLinks = true;
    try {
      for (const a of state.associations) this.link(a.fromType, a.fromId, a.toType, a.toId, a.typeId);
    } finally {
      this.quietLinks = false;
    }
    for (const f of state.files) {
      this.files.set(f.id, structuredClone(f));
      this.bumpId(f.id);
    }
    for (const p of this.pipelines) {
      this.bumpId(p.id);
      for (const s of p.stages) this.bumpId(s.id);
    }
  }

  private bumpId(id: string) {
    const n = Number(id);
    if (Number.isSafeInteger(n) && n >= this.nextId) this.nextId = n + 1;
  }
  newId(): string {
    return String(this.nextId++);
  }

  snapshot(): SandboxState {
    const associations: SandboxAssociation[] = [];
    for (const [key, byType] of this.assoc) {
      const [fromType, fromId] = splitKey(key);
      for (const [toType, byId] of byType)
        for (const [toId, types] of byId) for (const typeId of types) associations.push({ fromType, fromId, toType, toId, typeId });
    }
    return {
      nextId: this.nextId,
      owners: this.owners,
      properties: recordMap(this.props, (m) => [...m.values()]),
      pipelines: this.pipelines,
      objects: recordMap(this.objects, (m) => [...m.values()]),
      associations,
      files: [...this.files.values()],
    };
  }

  /** Marks state dirty and writes it after a short quiet period. */
  touch(): void {
    this.dirty = true;
    if (!this.dir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush().catch(() => undefined);
    }, this.saveDelayMs);
    this.saveTimer.unref?.();
  }

  async flush(force = false): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (!this.dir || (!this.dirty && !force)) return this.saving;
    this.dirty = false;
    const data: PersistedFile = {
      format: "duret-sandbox/1",
      state: this.snapshot(),
      extras: { propertyGroups: this.groups, gdprDeletions: this.gdprDeletions },
    };
    const text = JSON.stringify(data);
    const dir = this.dir;
    // Chain writes so two flushes never race on the same tmp file.
    this.saving = this.saving.then(async () => {
      await mkdir(dir, { recursive: true });
      await writeAtomic(path.join(dir, "state.json"), text);
    });
    return this.saving;
  }

  onEvent(listener: (e: StoreEvent) => void): void {
    this.listeners.push(listener);
  }
  /** Called with an object's state right before a create, change, archive or purge (the search index's lag). */
  onBeforeChange(listener: (type: CrmObjectType, id: string, before: SandboxObject | undefined) => void): void {
    this.beforeChangeListeners.push(listener);
  }
  private beforeChange(type: CrmObjectType, id: string, before: SandboxObject | undefined): void {
    for (const l of this.beforeChangeListeners) l(type, id, before);
  }
  private emit(e: Omit<StoreEvent, "occurredAt">) {
    const event = { ...e, occurredAt: this.now().getTime() };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener must never break a write.
      }
    }
  }

  /* -------------------------------------------------------------- properties */

  propertyDefs(type: CrmObjectType): SandboxProperty[] {
    return [...this.props[type].values()];
  }
  propertyDef(type: CrmObjectType, name: string): SandboxProperty | undefined {
    return this.props[type].get(name);
  }
  addProperty(type: CrmObjectType, p: SandboxProperty): void {
    this.props[type].set(p.name, p);
    this.touch();
  }
  propertyGroups(type: CrmObjectType): PropertyGroup[] {
    const names = new Map<string, PropertyGroup>();
    for (const g of this.groups[type]) names.set(g.name, g);
    for (const p of this.props[type].values())
      if (!names.has(p.groupName)) names.set(p.groupName, { name: p.groupName, label: GROUP_LABELS[p.groupName] ?? p.groupName, displayOrder: -1, archived: false });
    return [...names.values()];
  }
  addPropertyGroup(type: CrmObjectType, g: PropertyGroup): void {
    this.groups[type].push(g);
    this.touch();
  }

  /**
   * Validates and normalises input values the way HubSpot does: unknown names, bad numbers, dates
   * and options are reported together in one "Property values were not valid" error.
   */
  normalizeProperties(type: CrmObjectType, input: unknown): Record<string, string | null> {
    if (input === undefined || input === null) return {};
    if (typeof input !== "object" || Array.isArray(input)) throw validation("Invalid input: properties must be an object");
    const out: Record<string, string | null> = {};
    const problems: PropertyProblem[] = [];
    for (const [name, raw] of Object.entries(input as PropertyInput)) {
      const def = this.props[type].get(name);
      if (!def) {
        problems.push({ name, error: "PROPERTY_DOESNT_EXIST", message: `Property "${name}" does not exist` });
        continue;
      }
      if (SYSTEM_PROPERTIES.has(name)) continue;
      if (raw === null || raw === undefined || raw === "") {
        out[name] = null;
        continue;
      }
      if (typeof raw === "object") {
        problems.push({ name, error: "INVALID_PROPERTY_VALUE", message: `${JSON.stringify(raw)} is not a valid value for ${name}` });
        continue;
      }
      const value = String(raw);
      const normalized = normalizeValue(def, value);
      if (normalized.ok) out[name] = normalized.value;
      else problems.push({ name, error: normalized.error, message: normalized.message });
    }
    if (problems.length) throw invalidProperties(problems);
    return out;
  }

  /* -------------------------------------------------------------- objects */

  getObject(type: CrmObjectType, id: string, opts: { archived?: boolean; idProperty?: string } = {}): SandboxObject | undefined {
    let obj: SandboxObject | undefined;
    if (opts.idProperty && opts.idProperty !== "hs_object_id") obj = this.findByProperty(type, opts.idProperty, id, opts.archived);
    else obj = this.objects[type].get(id);
    if (!obj) return undefined;
    return Boolean(opts.archived) === obj.archived ? obj : undefined;
  }

  findByProperty(type: CrmObjectType, name: string, value: string, archived = false): SandboxObject | undefined {
    if (type === "contacts" && name === "email" && !archived) {
      const id = this.emailIndex.get(value.toLowerCase());
      return id ? this.objects.contacts.get(id) : undefined;
    }
    for (const o of this.objects[type].values()) if (o.archived === archived && o.properties[name] === value) return o;
    return undefined;
  }

  /** All objects of a type, in id order (HubSpot lists by id). */
  list(type: CrmObjectType, archived = false): SandboxObject[] {
    const out: SandboxObject[] = [];
    for (const o of this.objects[type].values()) if (o.archived === archived) out.push(o);
    return out.sort((a, b) => Number(a.id) - Number(b.id));
  }
  count(type: CrmObjectType): number {
    return this.objects[type].size;
  }

  createObject(
    type: CrmObjectType,
    propertiesInput: unknown,
    associations: AssociationInput[] | undefined,
    source: ChangeSource,
    opts: { preNormalized?: Record<string, string | null>; silent?: boolean } = {},
  ): SandboxObject {
    const props = opts.preNormalized ?? this.normalizeProperties(type, propertiesInput);
    this.applyPipelineDefaults(type, props, undefined);
    if (type === "contacts" && props.email) {
      const existing = this.emailIndex.get(props.email.toLowerCase());
      if (existing) throw conflict(`Contact already exists. Existing ID: ${existing}`);
    }
    const assocs = this.checkAssociationInputs(type, associations);
    const id = this.newId();
    if (!opts.silent) this.beforeChange(type, id, undefined);
    const now = this.now().toISOString();
    const properties: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(props)) if (v !== null) properties[k] = v;
    properties.hs_object_id = id;
    properties[CREATE_DATE[type]] ??= now;
    for (const m of MODIFIED_DATES(type)) properties[m] = now;
    const obj: SandboxObject = { id, properties, createdAt: properties[CREATE_DATE[type]]!, updatedAt: now, archived: false };
    this.objects[type].set(id, obj);
    if (type === "contacts") this.indexEmail(obj);
    for (const a of assocs) this.link(type, id, a.toType, a.toId, a.typeId, source);
    this.touch();
    if (!opts.silent) this.emit({ kind: "creation", objectType: type, objectId: id, changeSource: source });
    return obj;
  }

  updateObject(type: CrmObjectType, obj: SandboxObject, propertiesInput: unknown, source: ChangeSource, preNormalized?: Record<string, string | null>): SandboxObject {
    const props = preNormalized ?? this.normalizeProperties(type, propertiesInput);
    this.applyPipelineDefaults(type, props, obj);
    if (type === "contacts" && props.email !== undefined && props.email !== null) {
      const existing = this.emailIndex.get(props.email.toLowerCase());
      if (existing && existing !== obj.id) throw conflict(`Contact already exists. Existing ID: ${existing}`);
    }
    const changed: [string, string | null][] = [];
    for (const [k, v] of Object.entries(props)) {
      const before = obj.properties[k] ?? null;
      if (before === v) continue;
      changed.push([k, v]);
    }
    if (changed.length === 0) return obj;
    this.beforeChange(type, obj.id, obj);
    if (type === "contacts") this.unindexEmail(obj);
    for (const [k, v] of changed) {
      if (v === null) delete obj.properties[k];
      else obj.properties[k] = v;
    }
    if (type === "contacts") this.indexEmail(obj);
    const now = this.now().toISOString();
    obj.updatedAt = now;
    for (const m of MODIFIED_DATES(type)) obj.properties[m] = now;
    this.touch();
    for (const [k, v] of changed) this.emit({ kind: "propertyChange", objectType: type, objectId: obj.id, propertyName: k, propertyValue: v ?? "", changeSource: source });
    return obj;
  }

  archiveObject(type: CrmObjectType, id: string, source: ChangeSource): boolean {
    const obj = this.objects[type].get(id);
    if (!obj || obj.archived) return false;
    this.beforeChange(type, id, obj);
    obj.archived = true;
    obj.archivedAt = this.now().toISOString();
    if (type === "contacts") this.unindexEmail(obj);
    this.unlinkAll(type, id);
    this.touch();
    this.emit({ kind: "deletion", objectType: type, objectId: id, changeSource: source });
    return true;
  }

  /** GDPR delete: the record disappears for good (archived reads cannot find it either). */
  purgeContact(obj: SandboxObject, source: ChangeSource): GdprDeletion {
    this.beforeChange("contacts", obj.id, obj);
    this.unindexEmail(obj);
    this.unlinkAll("contacts", obj.id);
    this.objects.contacts.delete(obj.id);
    const record: GdprDeletion = { objectType: "contacts", objectId: obj.id, email: obj.properties.email ?? null, deletedAt: this.now().toISOString() };
    this.gdprDeletions.push(record);
    this.touch();
    this.emit({ kind: "privacyDeletion", objectType: "contacts", objectId: obj.id, changeSource: source });
    return record;
  }

  /** Synthetic objects straight into the store (control endpoint for the 10,000-cap test). */
  bulkInsert(type: CrmObjectType, count: number, properties: Record<string, string>): string[] {
    const ids: string[] = [];
    const now = this.now().toISOString();
    for (let i = 0; i < count; i++) {
      const id = this.newId();
      const props: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(properties)) props[k] = v.replaceAll("{i}", String(i));
      props.hs_object_id = id;
      props[CREATE_DATE[type]] = now;
      for (const m of MODIFIED_DATES(type)) props[m] = now;
      const obj: SandboxObject = { id, properties: props, createdAt: now, updatedAt: now, archived: false };
      this.objects[type].set(id, obj);
      if (type === "contacts") this.indexEmail(obj);
      ids.push(id);
    }
    this.touch();
    return ids;
  }

  private indexEmail(obj: SandboxObject) {
    const email = obj.properties.email;
    if (email) this.emailIndex.set(email.toLowerCase(), obj.id);
  }
  private unindexEmail(obj: SandboxObject) {
    const email = obj.properties.email;
    if (email && this.emailIndex.get(email.toLowerCase()) === obj.id) this.emailIndex.delete(email.toLowerCase());
  }

  /** Tickets and deals always sit in a pipeline stage that exists; HubSpot refuses unknown stages. */
  private applyPipelineDefaults(type: CrmObjectType, props: Record<string, string | null>, existing: SandboxObject | undefined) {
    if (type !== "tickets" && type !== "deals") return;
    const pipelineProp = type === "tickets" ? "hs_pipeline" : "pipeline";
    const stageProp = type === "tickets" ? "hs_pipeline_stage" : "dealstage";
    if (!existing && !props[pipelineProp]) {
      const first = this.pipelines.filter((p) => p.objectType === type && !p.archived).sort((a, b) => a.displayOrder - b.displayOrder)[0];
      const fallback = type === "tickets" ? "0" : "default";
      props[pipelineProp] = this.pipelines.some((p) => p.objectType === type && p.id === fallback) ? fallback : (first?.id ?? fallback);
    }
    if (props[pipelineProp] === undefined && props[stageProp] === undefined) return;
    const pipelineId = props[pipelineProp] ?? existing?.properties[pipelineProp] ?? null;
    const pipeline = this.pipelines.find((p) => p.objectType === type && p.id === pipelineId);
    if (!pipeline) {
      if (this.pipelines.some((p) => p.objectType === type))
        throw invalidProperties([{ name: pipelineProp, error: "INVALID_OPTION", message: `${pipelineId} is not a valid pipeline` }]);
      return;
    }
    let stage = props[stageProp] ?? existing?.properties[stageProp] ?? null;
    if (!stage || !pipeline.stages.some((s) => s.id === stage)) {
      if (props[stageProp] !== undefined && props[stageProp] !== null)
        throw invalidProperties([{ name: stageProp, error: "INVALID_OPTION", message: `${props[stageProp]} is not a valid pipeline stage of pipeline ${pipeline.id}` }]);
      stage = [...pipeline.stages].sort((a, b) => a.displayOrder - b.displayOrder)[0]?.id ?? null;
      props[stageProp] = stage;
    }
  }

  /* -------------------------------------------------------------- associations */

  private checkAssociationInputs(type: CrmObjectType, inputs: AssociationInput[] | undefined) {
    const out: { toType: CrmObjectType; toId: string; typeId: number }[] = [];
    if (inputs === undefined || inputs === null) return out;
    if (!Array.isArray(inputs)) throw validation("Invalid input: associations must be an array");
    for (const input of inputs) {
      const toId = input?.to?.id;
      if (toId === undefined || !Array.isArray(input.types) || input.types.length === 0)
        throw validation("Invalid association input: expected {to:{id}, types:[{associationCategory, associationTypeId}]}");
      for (const t of input.types) {
        const info = ASSOCIATION_TYPE_INFO.get(Number(t?.associationTypeId));
        if (!info || info.from !== type)
          throw validation(`${t?.associationTypeId} is not a valid association type id from ${type}`, [
            { message: `Invalid association type ${t?.associationTypeId}`, code: "INVALID_ASSOCIATION_TYPE" },
          ]);
        if (!this.getObject(info.to, String(toId)))
          throw validation(`One or more associations are invalid: ${info.to} ${toId} does not exist`, [
            { message: `${SINGULAR[info.to].toUpperCase()} ${toId} was not found`, code: "ASSOCIATION_TARGET_NOT_FOUND" },
          ]);
        out.push({ toType: info.to, toId: String(toId), typeId: info.typeId });
      }
    }
    return out;
  }

  /** Adds one association and its reverse (HubSpot stores both directions); a new one is an associationChange event. */
  link(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId: number, source: ChangeSource = "INTEGRATION"): void {
    const isNew = !this.assoc.get(key(fromType, fromId))?.get(toType)?.get(toId)?.has(typeId);
    this.addEdge(fromType, fromId, toType, toId, typeId);
    this.addEdge(toType, toId, fromType, fromId, reverseTypeId(typeId));
    this.touch();
    if (isNew) this.emitLink(fromType, fromId, toType, toId, typeId, false, source);
  }
  unlink(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId?: number, source: ChangeSource = "INTEGRATION"): void {
    const types = this.assoc.get(key(fromType, fromId))?.get(toType)?.get(toId);
    if (!types) return;
    const removed = typeId === undefined ? [...types] : types.has(typeId) ? [typeId] : [];
    for (const t of removed) {
      this.removeEdge(fromType, fromId, toType, toId, t);
      this.removeEdge(toType, toId, fromType, fromId, reverseTypeId(t));
      this.emitLink(fromType, fromId, toType, toId, t, true, source);
    }
    this.touch();
  }
  private emitLink(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId: number, removed: boolean, source: ChangeSource) {
    if (this.quietLinks) return;
    this.emit({ kind: "associationChange", objectType: fromType, objectId: fromId, association: { toObjectType: toType, toObjectId: toId, typeId, removed }, changeSource: source });
  }
  /** A deleted object's links go with it, without association events: its deletion event covers them (assumed; HubSpot documents neither way). */
  private unlinkAll(type: CrmObjectType, id: string) {
    const byType = this.assoc.get(key(type, id));
    if (!byType) return;
    this.quietLinks = true;
    try {
      for (const [toType, byId] of byType) for (const toId of [...byId.keys()]) this.unlink(type, id, toType, toId);
    } finally {
      this.quietLinks = false;
    }
    this.assoc.delete(key(type, id));
  }
  private addEdge(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId: number) {
    let byType = this.assoc.get(key(fromType, fromId));
    if (!byType) this.assoc.set(key(fromType, fromId), (byType = new Map()));
    let byId = byType.get(toType);
    if (!byId) byType.set(toType, (byId = new Map()));
    let types = byId.get(toId);
    if (!types) byId.set(toId, (types = new Set()));
    types.add(typeId);
  }
  private removeEdge(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, typeId: number) {
    const byId = this.assoc.get(key(fromType, fromId))?.get(toType);
    const types = byId?.get(toId);
    if (!byId || !types) return;
    types.delete(typeId);
    if (types.size === 0) byId.delete(toId);
  }
  /** Associated ids of `toType`, in id order, with their type ids. */
  associations(fromType: CrmObjectType, fromId: string, toType: CrmObjectType): { toId: string; typeIds: number[] }[] {
    const byId = this.assoc.get(key(fromType, fromId))?.get(toType);
    if (!byId) return [];
    return [...byId.entries()]
      .filter(([, t]) => t.size > 0)
      .map(([toId, t]) => ({ toId, typeIds: [...t].sort((a, b) => a - b) }))
      .sort((a, b) => Number(a.toId) - Number(b.toId));
  }
  isAssociated(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string): boolean {
    return (this.assoc.get(key(fromType, fromId))?.get(toType)?.get(toId)?.size ?? 0) > 0;
  }

  /* -------------------------------------------------------------- files */

  fileMeta(id: string): SandboxFileMeta | undefined {
    return this.files.get(id);
  }
  /** Files not deleted, in id order (the upload's duplicate validation). */
  listFiles(): SandboxFileMeta[] {
    return [...this.files.values()].filter((f) => !f.archived).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async addFile(meta: SandboxFileMeta, bytes: Uint8Array): Promise<void> {
    this.files.set(meta.id, meta);
    this.fileBytes.set(meta.id, bytes);
    if (this.dir) {
      await mkdir(path.join(this.dir, "files"), { recursive: true });
      await writeAtomic(path.join(this.dir, "files", safeId(meta.id)), bytes);
    }
    this.touch();
  }
  async fileData(id: string): Promise<Uint8Array | undefined> {
    const cached = this.fileBytes.get(id);
    if (cached) return cached;
    if (!this.dir) return undefined;
    try {
      const bytes = new Uint8Array(await readFile(path.join(this.dir, "files", safeId(id))));
      this.fileBytes.set(id, bytes);
      return bytes;
    } catch {
      return undefined;
    }
  }
  archiveFile(id: string): boolean {
    const f = this.files.get(id);
    if (!f || f.archived) return false;
    f.archived = true;
    f.updatedAt = this.now().toISOString();
    this.touch();
    return true;
  }

  /* -------------------------------------------------------------- owners and pipelines */

  owner(id: string, by: "id" | "userId" = "id"): SandboxOwner | undefined {
    return this.owners.find((o) => (by === "id" ? o.id === id : String(o.userId) === id));
  }
  pipelinesOf(type: "tickets" | "deals"): SandboxPipeline[] {
    return this.pipelines.filter((p) => p.objectType === type).sort((a, b) => a.displayOrder - b.displayOrder);
  }
  addPipeline(p: SandboxPipeline): void {
    this.pipelines.push(p);
    this.touch();
  }
  addPipelineStage(pipeline: SandboxPipeline, stage: SandboxPipeline["stages"][number]): void {
    pipeline.stages.push(stage);
    pipeline.updatedAt = stage.createdAt;
    this.touch();
  }
  nowIso(): string {
    return this.now().toISOString();
  }
  requireObject(type: CrmObjectType, id: string): SandboxObject {
    const obj = this.getObject(type, id);
    if (!obj) throw notFound();
    return obj;
  }
}

/* ------------------------------------------------------------------ helpers */

function normalizeValue(def: SandboxProperty, value: string): { ok: true; value: string } | { ok: false; error: string; message: string } {
  switch (def.type) {
    case "number": {
      const n = Number(value.trim());
      if (value.trim() === "" || !Number.isFinite(n)) return { ok: false, error: "INVALID_FLOAT", message: `${value} was not a valid number.` };
      return { ok: true, value: String(n) };
    }
    case "datetime": {
      const ms = toEpochMs(value);
      if (ms === undefined) return { ok: false, error: "INVALID_DATETIME", message: `${value} was not a valid long or ISO 8601 datetime.` };
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case "date": {
      const ms = toEpochMs(value);
      if (ms === undefined) return { ok: false, error: "INVALID_DATE", message: `${value} was not a valid date.` };
      return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
    }
    case "bool": {
      const v = value.toLowerCase();
      if (v !== "true" && v !== "false") return { ok: false, error: "INVALID_BOOLEAN", message: `${value} was not a valid boolean.` };
      return { ok: true, value: v };
    }
    case "enumeration": {
      const options = def.options ?? [];
      // Pipeline properties are checked against pipelines; option-less enumerations accept anything.
      if (options.length === 0 || ["hs_pipeline", "hs_pipeline_stage", "pipeline", "dealstage", "hubspot_owner_id"].includes(def.name)) return { ok: true, value };
      const allowed = new Set(options.map((o) => o.value));
      const parts = def.fieldType === ("checkbox" as string) ? value.split(";") : [value];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad !== undefined)
        return {
          ok: false,
          error: "INVALID_OPTION",
          message: `${bad} was not one of the allowed options: [${options.map((o) => `label: "${o.label}"\nvalue: "${o.value}"`).join(", ")}]`,
        };
      return { ok: true, value };
    }
    default:
      return { ok: true, value };
  }
}

/** Epoch ms from a number-like string or an ISO date/datetime; undefined when neither. */
export function toEpochMs(value: string): number | undefined {
  const t = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

async function writeAtomic(file: string, data: string | Uint8Array) {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");
const key = (type: CrmObjectType, id: string) => `${type}:${id}`;
function splitKey(k: string): [CrmObjectType, string] {
  const i = k.indexOf(":");
  return [k.slice(0, i) as CrmObjectType, k.slice(i + 1)];
}
function emptyRecord<V>(make: () => V): Record<CrmObjectType, V> {
  return Object.fromEntries(CRM_OBJECT_TYPES.map((t) => [t, make()])) as Record<CrmObjectType, V>;
}
function recordMap<A, B>(r: Record<CrmObjectType, A>, f: (a: A) => B): Record<CrmObjectType, B> {
  return Object.fromEntries(CRM_OBJECT_TYPES.map((t) => [t, f(r[t])])) as Record<CrmObjectType, B>;
}
