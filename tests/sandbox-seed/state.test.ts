import { describe, expect, it } from "vitest";
import { CRM_OBJECT_TYPES, customPropertiesOf, PIPELINES } from "@/lib/hubspot/spec";
import { emptyState, pipelineIdByKey, stageIdByKey, stageKeyById } from "@/sandbox/state";

const NOW = new Date("2026-03-10T09:30:00.000Z");

describe("emptyState", () => {
  it("without the portal schema is a bare account: HubSpot properties and default pipelines only", () => {
    const s = emptyState({ withPortalSchema: false, now: NOW });
    expect(s.pipelines.map((p) => `${p.objectType}:${p.id}:${p.label}`)).toEqual(["tickets:0:Support Pipeline", "deals:default:Sales Pipeline"]);
    expect(s.pipelines[0]?.stages.map((st) => st.id)).toEqual(["1", "2", "3", "4"]);
    expect(s.pipelines[1]?.stages.map((st) => st.id)).toContain("closedwon");
    for (const type of CRM_OBJECT_TYPES) {
      expect(s.properties[type].every((p) => p.hubspotDefined)).toBe(true);
      expect(s.properties[type].map((p) => p.name)).not.toContain(customPropertiesOf(type)[0]?.name);
      expect(s.objects[type]).toEqual([]);
    }
    expect(pipelineIdByKey(s, "interventions")).toBeUndefined();
    expect(s.nextId).toBeGreaterThanOrEqual(10001);
  });

  it("with the portal schema holds every custom property once, in the portal group, and the three pipelines", () => {
    const s = emptyState({ now: NOW });
    for (const type of CRM_OBJECT_TYPES) {
      const names = s.properties[type].map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      for (const spec of customPropertiesOf(type)) {
        const prop = s.properties[type].find((p) => p.name === spec.name);
        expect(prop, `${type}.${spec.name}`).toMatchObject({ type: spec.type, hubspotDefined: false, groupName: "duret_portal" });
      }
    }
    for (const spec of Object.values(PIPELINES)) {
      const p = s.pipelines.find((x) => x.label === spec.label);
      expect(p?.objectType).toBe(spec.objectType);
      expect(p?.id).toMatch(/^\d{6,}$/);
      expect(p?.stages.map((st) => st.label)).toEqual(spec.stages.map((st) => st.label));
    }
  });

  it("types HubSpot's own properties as HubSpot does", () => {
    const s = emptyState({ now: NOW });
    const type = (t: (typeof CRM_OBJECT_TYPES)[number], n: string) => s.properties[t].find((p) => p.name === n)?.type;
    expect(type("contacts", "email")).toBe("string");
    expect(type("contacts", "lifecyclestage")).toBe("enumeration");
    expect(type("tickets", "hs_pipeline_stage")).toBe("enumeration");
    expect(type("meetings", "hs_meeting_start_time")).toBe("datetime");
    expect(type("invoices", "hs_due_date")).toBe("date");
    expect(type("invoices", "hs_balance_due")).toBe("number");
    expect(type("quotes", "hs_esign_enabled")).toBe("bool");
    expect(s.properties.meetings.find((p) => p.name === "hs_meeting_outcome")?.options?.map((o) => o.value)).toEqual([
      "SCHEDULED",
      "COMPLETED",
      "RESCHEDULED",
      "NO_SHOW",
      "CANCELED",
    ]);
    expect(s.properties.invoices.find((p) => p.name === "hs_invoice_status")?.options?.map((o) => o.value)).toEqual(["draft", "open", "paid", "voided"]);
  });

  it("is deterministic for a given now", () => {
    expect(emptyState({ now: NOW })).toEqual(emptyState({ now: NOW }));
  });
});

describe("stage lookups", () => {
  it("resolve the spec's keys to ids and back", () => {
    const s = emptyState({ now: NOW });
    const ids = PIPELINES.interventions.stages.map((st) => stageIdByKey(s, "interventions", st.key));
    expect(new Set(ids).size).toBe(7);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(stageKeyById(s, "interventions", ids[2] ?? "")).toBe("en_route");
    expect(stageIdByKey(s, "service_desk", "closed")).toBeDefined();
    expect(stageIdByKey(s, "quotes", "quote_signed")).toBeDefined();
    expect(stageIdByKey(s, "quotes", "en_route")).toBeUndefined();
    expect(stageIdByKey(s, "interventions", "nope")).toBeUndefined();
  });

  it("match by label, so pipelines created through the API with other ids resolve too", () => {
    const s = emptyState({ withPortalSchema: false, now: NOW });
    const spec = PIPELINES.serviceDesk;
    s.pipelines.push({
      id: "987654",
      objectType: "tickets",
      label: spec.label,
      displayOrder: 3,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      archived: false,
      stages: spec.stages.map((st, i) => ({ id: String(555000 + i), label: st.label, displayOrder: i, metadata: { ...st.metadata }, createdAt: "", updatedAt: "", archived: false })),
    });
    expect(pipelineIdByKey(s, "service_desk")).toBe("987654");
    expect(stageIdByKey(s, "service_desk", "waiting_customer")).toBe("555002");
    // A deals pipeline with the same label must not be taken for a tickets pipeline.
    expect(pipelineIdByKey(s, "interventions")).toBeUndefined();
  });
});
