import type { CrmObjectType } from "@/lib/hubspot/spec";
import type { SandboxObject } from "@/sandbox/types";
import { validation, type HubSpotErrorDetail } from "@/sandbox/errors";
import { resolveObjectType, toEpochMs, type SandboxStore } from "@/sandbox/store";

/** HubSpot's documented search limits. */
export const SEARCH_LIMITS = { maxPageSize: 200, maxResults: 10_000, maxGroups: 5, maxFiltersPerGroup: 6, maxFilters: 18, maxQueryLength: 3000 };

const OPERATORS = new Set([
  "EQ",
  "NEQ",
  "LT",
  "LTE",
  "GT",
  "GTE",
  "BETWEEN",
  "IN",
  "NOT_IN",
  "HAS_PROPERTY",
  "NOT_HAS_PROPERTY",
  "CONTAINS_TOKEN",
  "NOT_CONTAINS_TOKEN",
]);

/** Properties the free-text `query` looks at, as HubSpot's default searchable properties. */
const QUERY_PROPERTIES: Record<CrmObjectType, string[]> = {
  contacts: ["firstname", "lastname", "email", "phone", "mobilephone", "company", "hs_additional_emails"],
  tickets: ["subject", "content", "hs_ticket_id"],
  deals: ["dealname"],
  line_items: ["name", "description", "hs_sku"],
  quotes: ["hs_title", "hs_quote_number"],
  notes: ["hs_note_body"],
  meetings: ["hs_meeting_title", "hs_meeting_body"],
  invoices: ["hs_number", "hs_title"],
};

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}
interface Sort {
  propertyName: string;
  direction: "ASCENDING" | "DESCENDING";
}
export interface SearchRequest {
  filterGroups: Filter[][];
  sorts: Sort[];
  query?: string;
  properties?: string[];
  limit: number;
  after: number;
}

const fail = (message: string, code = "INVALID_FILTER"): never => {
  const errors: HubSpotErrorDetail[] = [{ message, code }];
  throw validation(message, errors);
};

const scalar = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === "object" ? fail(`Invalid filter value: ${JSON.stringify(v)}`) : String(v);

/** Validates a search body; throws HubSpot's 400 VALIDATION_ERROR on anything it would refuse. */
export function parseSearchRequest(body: unknown): SearchRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) fail("Invalid input: search request must be a JSON object", "INVALID_INPUT");
  const b = body as Record<string, unknown>;
  const rawGroups = b.filterGroups ?? [];
  if (!Array.isArray(rawGroups)) fail("filterGroups must be an array");
  const groups = rawGroups as unknown[];
  if (groups.length > SEARCH_LIMITS.maxGroups) fail(`Too many filter groups: ${groups.length}. The maximum is ${SEARCH_LIMITS.maxGroups}.`, "TOO_MANY_FILTER_GROUPS");
  let total = 0;
  const filterGroups = groups.map((g) => {
    const filters = (g as { filters?: unknown })?.filters ?? [];
    if (!Array.isArray(filters)) fail("filters must be an array");
    const list = filters as unknown[];
    if (list.length > SEARCH_LIMITS.maxFiltersPerGroup)
      fail(`Too many filters in a filter group: ${list.length}. The maximum is ${SEARCH_LIMITS.maxFiltersPerGroup}.`, "TOO_MANY_FILTERS");
    total += list.length;
    return list.map((f): Filter => {
      if (!f || typeof f !== "object") fail("Invalid filter");
      const r = f as Record<string, unknown>;
      const propertyName = r.propertyName;
      const operator = r.operator ?? "EQ";
      if (typeof propertyName !== "string" || propertyName === "") fail("Filter is missing propertyName");
      if (typeof operator !== "string" || !OPERATORS.has(operator)) fail(`Invalid operator: ${String(operator)}`, "INVALID_OPERATOR");
      const values = r.values === undefined ? undefined : Array.isArray(r.values) ? r.values.map((v) => scalar(v) ?? "") : fail("values must be an array");
      const filter: Filter = { propertyName: propertyName as string, operator: operator as string, value: scalar(r.value), highValue: scalar(r.highValue), values };
      const op = filter.operator;
      if (["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"].includes(op) && filter.value === undefined)
        fail(`Filter on ${filter.propertyName} with operator ${op} requires a value`);
      if (op === "BETWEEN" && (filter.value === undefined || filter.highValue === undefined))
        fail(`Filter on ${filter.propertyName} with operator BETWEEN requires value and highValue`);
      if ((op === "IN" || op === "NOT_IN") && (!filter.values || filter.values.length === 0))
        fail(`Filter on ${filter.propertyName} with operator ${op} requires values`);
      return filter;
    });
  });
  if (total > SEARCH_LIMITS.maxFilters) fail(`Too many filters: ${total}. The maximum is ${SEARCH_LIMITS.maxFilters}.`, "TOO_MANY_FILTERS");

  const rawSorts = b.sorts ?? [];
  if (!Array.isArray(rawSorts)) fail("sorts must be an array", "INVALID_SORT");
  if ((rawSorts as unknown[]).length > 1) fail("Only one sort is supported", "TOO_MANY_SORTS");
  const sorts = (rawSorts as unknown[]).map((s): Sort => {
    // HubSpot accepts both "-createdate" strings and {propertyName, direction} objects.
    if (typeof s === "string") return s.startsWith("-") ? { propertyName: s.slice(1), direction: "DESCENDING" } : { propertyName: s, direction: "ASCENDING" };
    const r = (s ?? {}) as Record<string, unknown>;
    if (typeof r.propertyName !== "string") fail("Sort is missing propertyName", "INVALID_SORT");
    const direction = r.direction ?? "ASCENDING";
    if (direction !== "ASCENDING" && direction !== "DESCENDING") fail(`Invalid sort direction: ${String(direction)}`, "INVALID_SORT");
    return { propertyName: r.propertyName as string, direction: direction as Sort["direction"] };
  });

  const query = b.query === undefined || b.query === null ? undefined : String(b.query);
  if (query && query.length > SEARCH_LIMITS.maxQueryLength) fail("Query is too long", "QUERY_TOO_LONG");
  const properties = b.properties === undefined ? undefined : Array.isArray(b.properties) ? b.properties.map(String) : fail("properties must be an array", "INVALID_INPUT");
  const limit = b.limit === undefined || b.limit === null ? 10 : Number(b.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > SEARCH_LIMITS.maxPageSize)
    fail(`limit must be an integer between 0 and ${SEARCH_LIMITS.maxPageSize}`, "INVALID_LIMIT");
  const after = b.after === undefined || b.after === null || b.after === "" ? 0 : Number(b.after);
  if (!Number.isInteger(after) || after < 0) fail(`Invalid after: ${String(b.after)}`, "INVALID_PAGING");
  // Elasticsearch-style window: from + size may not exceed 10,000.
  if (after + limit > SEARCH_LIMITS.maxResults)
    fail(`Paging beyond ${SEARCH_LIMITS.maxResults} results is not supported. Refine your search.`, "PAGING_LIMIT");
  return { filterGroups, sorts, query, properties, limit, after };
}

/** Runs a parsed search; returns the page and the total number of matches. */
export function runSearch(store: SandboxStore, type: CrmObjectType, req: SearchRequest): { results: SandboxObject[]; total: number; nextAfter?: string } {
  for (const g of req.filterGroups) for (const f of g) checkProperty(store, type, f.propertyName);
  for (const s of req.sorts) checkProperty(store, type, s.propertyName);
  const matchers = req.filterGroups.map((g) => g.map((f) => compile(store, type, f)));
  const queryTokens = req.query ? tokenize(req.query) : [];
  // Search reads HubSpot's index, which lags behind writes (sandbox/search-index.ts).
  const matches = (store.searchIndex?.list(type) ?? store.list(type)).filter((o) => {
    if (matchers.length && !matchers.some((g) => g.every((m) => m(o)))) return false;
    if (queryTokens.length) {
      const words = QUERY_PROPERTIES[type].flatMap((p) => tokenize(o.properties[p] ?? ""));
      if (!queryTokens.every((t) => words.some((w) => w.startsWith(t)))) return false;
    }
    return true;
  });
  const sort = req.sorts[0];
  if (sort) {
    const numeric = isNumericProperty(store, type, sort.propertyName);
    const dir = sort.direction === "DESCENDING" ? -1 : 1;
    matches.sort((a, b) => {
      const va = a.properties[sort.propertyName] ?? null;
      const vb = b.properties[sort.propertyName] ?? null;
      // Missing values sort last whatever the direction.
      if (va === null || vb === null) return va === vb ? Number(a.id) - Number(b.id) : va === null ? 1 : -1;
      const c = numeric ? (numericValue(va) ?? 0) - (numericValue(vb) ?? 0) : va.localeCompare(vb, "fr", { sensitivity: "base" });
      return c !== 0 ? c * dir : Number(a.id) - Number(b.id);
    });
  }
  const page = matches.slice(req.after, req.after + req.limit);
  const end = req.after + page.length;
  return { results: page, total: matches.length, nextAfter: end < matches.length && req.limit > 0 ? String(end) : undefined };
}

function checkProperty(store: SandboxStore, type: CrmObjectType, name: string) {
  if (name.startsWith("associations.")) {
    if (!resolveObjectType(name.slice("associations.".length))) fail(`Unknown association filter: ${name}`);
    return;
  }
  if (name === "hs_object_id" || name === "id") return;
  if (!store.propertyDef(type, name)) fail(`There was a problem with the request: property "${name}" does not exist on ${type}`, "PROPERTY_DOESNT_EXIST");
}

function isNumericProperty(store: SandboxStore, type: CrmObjectType, name: string): boolean {
  if (name === "hs_object_id" || name === "id") return true;
  const t = store.propertyDef(type, name)?.type;
  return t === "number" || t === "date" || t === "datetime";
}
function numericValue(v: string): number | undefined {
  return toEpochMs(v);
}

function compile(store: SandboxStore, type: CrmObjectType, f: Filter): (o: SandboxObject) => boolean {
  if (f.propertyName.startsWith("associations.")) {
    // HubSpot's `associations.contact` pseudo-property: objects associated with the given ids.
    const toType = resolveObjectType(f.propertyName.slice("associations.".length))!;
    const ids = f.operator === "IN" || f.operator === "NOT_IN" ? (f.values ?? []) : [f.value ?? ""];
    const has = (o: SandboxObject) => ids.some((id) => store.isAssociated(type, o.id, toType, id));
    if (f.operator === "EQ" || f.operator === "IN") return has;
    if (f.operator === "NEQ" || f.operator === "NOT_IN") return (o) => !has(o);
    if (f.operator === "HAS_PROPERTY") return (o) => store.associations(type, o.id, toType).length > 0;
    if (f.operator === "NOT_HAS_PROPERTY") return (o) => store.associations(type, o.id, toType).length === 0;
    return fail(`Operator ${f.operator} is not supported on ${f.propertyName}`);
  }
  const name = f.propertyName === "id" ? "hs_object_id" : f.propertyName;
  const numeric = isNumericProperty(store, type, name);
  const get = (o: SandboxObject): string | null => (name === "hs_object_id" ? o.id : (o.properties[name] ?? null));
  const num = (v: string | undefined): number => {
    const n = v === undefined ? undefined : numericValue(v);
    return n === undefined ? fail(`${v} is not a valid value for ${f.propertyName}`, "INVALID_FILTER_VALUE") : n;
  };
  const lc = (v: string) => v.toLowerCase();
  const equals = (actual: string, expected: string) => (numeric ? numericValue(actual) === num(expected) : lc(actual) === lc(expected));
  switch (f.operator) {
    case "EQ": {
      const v = f.value!;
      if (numeric) num(v);
      return (o) => {
        const a = get(o);
        return a !== null && equals(a, v);
      };
    }
    case "NEQ": {
      const v = f.value!;
      if (numeric) num(v);
      return (o) => {
        const a = get(o);
        return a === null || !equals(a, v);
      };
    }
    case "IN":
    case "NOT_IN": {
      const values = f.values!;
      if (numeric) values.forEach((v) => num(v));
      const inSet = (a: string | null) => a !== null && values.some((v) => equals(a, v));
      return f.operator === "IN" ? (o) => inSet(get(o)) : (o) => !inSet(get(o));
    }
    case "GT":
    case "GTE":
    case "LT":
    case "LTE": {
      const op = f.operator;
      const cmp = (c: number) => (op === "GT" ? c > 0 : op === "GTE" ? c >= 0 : op === "LT" ? c < 0 : c <= 0);
      if (numeric) {
        const v = num(f.value);
        return (o) => {
          const a = get(o);
          const n = a === null ? undefined : numericValue(a);
          return n !== undefined && cmp(n - v);
        };
      }
      const v = lc(f.value!);
      return (o) => {
        const a = get(o);
        return a !== null && cmp(lc(a).localeCompare(v));
      };
    }
    case "BETWEEN": {
      if (numeric) {
        const lo = num(f.value);
        const hi = num(f.highValue);
        return (o) => {
          const a = get(o);
          const n = a === null ? undefined : numericValue(a);
          return n !== undefined && n >= lo && n <= hi;
        };
      }
      const lo = lc(f.value!);
      const hi = lc(f.highValue!);
      return (o) => {
        const a = get(o);
        return a !== null && lc(a) >= lo && lc(a) <= hi;
      };
    }
    case "HAS_PROPERTY":
      return (o) => {
        const a = get(o);
        return a !== null && a !== "";
      };
    case "NOT_HAS_PROPERTY":
      return (o) => {
        const a = get(o);
        return a === null || a === "";
      };
    case "CONTAINS_TOKEN":
    case "NOT_CONTAINS_TOKEN": {
      const pattern = wildcard(f.value!);
      const contains = (o: SandboxObject) => {
        const a = get(o);
        if (a === null) return false;
        // A pattern matches either one token or the whole value ("*@example.com" on an email).
        return pattern.test(a.toLowerCase()) || tokenize(a).some((t) => pattern.test(t));
      };
      return f.operator === "CONTAINS_TOKEN" ? contains : (o) => !contains(o);
    }
    default:
      return fail(`Invalid operator: ${f.operator}`, "INVALID_OPERATOR");
  }
}

function wildcard(value: string): RegExp {
  const source = value
    .toLowerCase()
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`);
}

/** Lower-case word tokens (accents kept; HubSpot tokenises on non-alphanumerics). */
function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._-]+/u)
    .flatMap((t) => [t, ...t.split(/[@._-]+/)])
    .filter((t) => t.length > 0);
}
