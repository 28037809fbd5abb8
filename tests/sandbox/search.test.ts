import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/contacts";
import { sdkError, startSandbox, type TestSandbox } from "./fixtures";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox({ searchLagMs: 0 }); // search semantics; the index lag has its own test (search-lag.test.ts)
  // Contacts with numbers and dates to compare; ids 10006.. in creation order.
  const people: Record<string, string>[] = [
    { email: "a1@search.test", firstname: "Élodie", lastname: "Durand", city: "Lyon", sage_balance_due: "120.5", hs_lead_status: "NEW" },
    { email: "a2@search.test", firstname: "Marc", lastname: "Dupont", city: "Bron", sage_balance_due: "0", hs_lead_status: "OPEN" },
    { email: "a3@search.test", firstname: "Nina", lastname: "Durand-Petit", city: "LYON", sage_balance_due: "999" },
    { email: "a4@other.test", firstname: "Omar", lastname: "Benali", city: "Vénissieux" },
  ];
  for (const p of people) await t.client.crm.contacts.basicApi.create({ properties: p, associations: [] });
});
afterAll(async () => {
  await t.sandbox.close();
});

type F = { propertyName: string; operator: FilterOperatorEnum; value?: string; highValue?: string; values?: string[] };
async function emails(filters: F[], extra: { query?: string; sorts?: string[]; limit?: number; after?: string } = {}) {
  const r = await t.client.crm.contacts.searchApi.doSearch({
    filterGroups: filters.length ? [{ filters: [...filters, { propertyName: "email", operator: FilterOperatorEnum.ContainsToken, value: "*.test" }] }] : [],
    properties: ["email"],
    limit: extra.limit ?? 100,
    after: extra.after,
    sorts: extra.sorts ?? ["email"],
    query: extra.query,
  });
  return r.results.map((x) => x.properties.email);
}

describe("search semantics", () => {
  it("EQ and NEQ are case-insensitive on strings", async () => {
    expect(await emails([{ propertyName: "city", operator: FilterOperatorEnum.Eq, value: "lyon" }])).toEqual(["a1@search.test", "a3@search.test"]);
    expect(await emails([{ propertyName: "city", operator: FilterOperatorEnum.Neq, value: "Lyon" }])).toEqual(["a2@search.test", "a4@other.test"]);
  });
  it("IN and NOT_IN", async () => {
    expect(await emails([{ propertyName: "city", operator: FilterOperatorEnum.In, values: ["bron", "vénissieux"] }])).toEqual(["a2@search.test", "a4@other.test"]);
    expect(await emails([{ propertyName: "city", operator: FilterOperatorEnum.NotIn, values: ["lyon"] }])).toEqual(["a2@search.test", "a4@other.test"]);
  });
  it("GT, GTE, LT, LTE and BETWEEN compare numbers numerically", async () => {
    const n = (operator: FilterOperatorEnum, value: string, highValue?: string) => emails([{ propertyName: "sage_balance_due", operator, value, highValue }]);
    expect(await n(FilterOperatorEnum.Gt, "100")).toEqual(["a1@search.test", "a3@search.test"]); // "999" > "100" numerically, "0" is not
    expect(await n(FilterOperatorEnum.Gte, "120.5")).toEqual(["a1@search.test", "a3@search.test"]);
    expect(await n(FilterOperatorEnum.Lt, "120.5")).toEqual(["a2@search.test"]);
    expect(await n(FilterOperatorEnum.Lte, "120.5")).toEqual(["a1@search.test", "a2@search.test"]);
    expect(await n(FilterOperatorEnum.Between, "1", "200")).toEqual(["a1@search.test"]);
  });
  it("compares datetimes given as epoch ms or ISO", async () => {
    const future = String(Date.now() + 3_600_000);
    expect(await emails([{ propertyName: "createdate", operator: FilterOperatorEnum.Gt, value: future }])).toEqual([]);
    expect(await emails([{ propertyName: "createdate", operator: FilterOperatorEnum.Lt, value: new Date(Date.now() + 3_600_000).toISOString() }])).toHaveLength(4);
  });
  it("HAS_PROPERTY and NOT_HAS_PROPERTY", async () => {
    expect(await emails([{ propertyName: "hs_lead_status", operator: FilterOperatorEnum.HasProperty }])).toEqual(["a1@search.test", "a2@search.test"]);
    expect(await emails([{ propertyName: "hs_lead_status", operator: FilterOperatorEnum.NotHasProperty }])).toEqual(["a3@search.test", "a4@other.test"]);
  });
  it("CONTAINS_TOKEN with and without wildcards", async () => {
    expect(await emails([{ propertyName: "lastname", operator: FilterOperatorEnum.ContainsToken, value: "durand" }])).toEqual(["a1@search.test", "a3@search.test"]);
    expect(await emails([{ propertyName: "email", operator: FilterOperatorEnum.ContainsToken, value: "*@other.test" }])).toEqual(["a4@other.test"]);
    expect(await emails([{ propertyName: "firstname", operator: FilterOperatorEnum.ContainsToken, value: "ni*" }])).toEqual(["a3@search.test"]);
  });
  it("OR between groups, AND inside a group, free-text query, sorting", async () => {
    const r = await t.client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: "city", operator: FilterOperatorEnum.Eq, value: "Bron" }] },
        { filters: [{ propertyName: "firstname", operator: FilterOperatorEnum.Eq, value: "Omar" }] },
      ],
      sorts: ["-email"],
      properties: ["email"],
      limit: 10,
      after: "0",
    });
    expect(r.total).toBe(2);
    expect(r.results.map((x) => x.properties.email)).toEqual(["a4@other.test", "a2@search.test"]);
    expect(await emails([], { query: "dura" })).toEqual(["a1@search.test", "a3@search.test"]);
  });
  it("pages with after and reports total", async () => {
    const p1 = await t.client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 3, after: "0" });
    expect(p1.total).toBe(7);
    expect(p1.paging?.next?.after).toBe("3");
    const p3 = await t.client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 3, after: "6" });
    expect(p3.results).toHaveLength(1);
    expect(p3.paging).toBeUndefined();
  });
  it("filters tickets by associated contact (associations.contact)", async () => {
    const r = await t.client.crm.tickets.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "associations.contact", operator: FilterOperatorEnum.Eq, value: "10001" }] }],
      sorts: [],
      properties: ["subject"],
      limit: 10,
      after: "0",
    });
    expect(r.results.map((x) => x.id)).toEqual(["10004"]);
  });
  it("refuses bad filters with 400 VALIDATION_ERROR", async () => {
    const bad = async (body: unknown) => t.raw("POST", "/crm/v3/objects/contacts/search", { body: JSON.stringify(body) });
    for (const body of [
      { filterGroups: [{ filters: [{ propertyName: "city", operator: "LIKE", value: "x" }] }] },
      { filterGroups: [{ filters: [{ propertyName: "city", operator: "EQ" }] }] },
      { filterGroups: [{ filters: [{ propertyName: "sage_balance_due", operator: "GT", value: "abc" }] }] },
      { filterGroups: [{ filters: [{ propertyName: "no_such_prop", operator: "EQ", value: "x" }] }] },
      { filterGroups: Array.from({ length: 6 }, () => ({ filters: [{ propertyName: "city", operator: "EQ", value: "x" }] })) },
      { filterGroups: [{ filters: Array.from({ length: 7 }, () => ({ propertyName: "city", operator: "EQ", value: "x" })) }] },
      { filterGroups: Array.from({ length: 4 }, () => ({ filters: Array.from({ length: 5 }, () => ({ propertyName: "city", operator: "HAS_PROPERTY" })) })) },
      { limit: 201 },
      { sorts: ["city", "email"] },
    ]) {
      const r = await bad(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.category).toBe("VALIDATION_ERROR");
    }
    const e = await sdkError(t.client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: "city", operator: FilterOperatorEnum.Between, value: "a" }] }], sorts: [], properties: [], limit: 1, after: "0" }));
    expect(e.code).toBe(400);
  });
});

describe("the 10,000-result cap", () => {
  it("reports the real total but refuses to page past 10,000", async () => {
    const bulk = await t.control("bulk", { objectType: "deals", count: 10_050, properties: { dealname: "Synthétique {i}", amount: "10" } });
    expect(bulk.status).toBe(201);
    const body = (after: number, limit: number) => ({ filterGroups: [{ filters: [{ propertyName: "amount", operator: "EQ", value: "10" }] }], limit, after: String(after) });
    const last = await t.raw("POST", "/crm/v3/objects/deals/search", { body: JSON.stringify(body(9_800, 200)) });
    expect(last.status).toBe(200);
    expect(last.body.total).toBe(10_050);
    expect(last.body.results).toHaveLength(200);
    const beyond = await t.raw("POST", "/crm/v3/objects/deals/search", { body: JSON.stringify(body(10_000, 200)) });
    expect(beyond.status).toBe(400);
    expect(beyond.body.category).toBe("VALIDATION_ERROR");
  });
});
