/**
 * The sandbox's starting point: an empty HubSpot account with HubSpot's own properties and default
 * pipelines, optionally with the portal's schema (custom properties + pipelines from lib/hubspot/spec.ts)
 * already created, as `npm run hubspot:setup` would leave a real account.
 *
 * Property types matter: the server compares search values by type and rejects writes to properties
 * that are not defined here, so every property the seed or the portal writes must be listed.
 */
import {
  CRM_OBJECT_TYPES,
  customPropertiesOf,
  PIPELINES,
  PROPERTY_GROUP,
  type CrmObjectType,
  type FieldType,
  type PipelineSpec,
  type PropertyType,
} from "@/lib/hubspot/spec";
import type { SandboxPipeline, SandboxProperty, SandboxState } from "./types";

/** HubSpot's own properties predate any portal write; a fixed date keeps the state deterministic. */
const HUBSPOT_DEFINED_AT = "2019-08-06T14:30:00.000Z";

/** First id handed out; HubSpot ids are numeric strings, never small. */
export const FIRST_OBJECT_ID = 10001;

type Opt = { value: string; label: string };
type Def = [name: string, label: string, type: PropertyType, extra?: { fieldType?: FieldType; options?: Opt[] }];

const opts = (...values: (string | [string, string])[]): Opt[] =>
  values.map((v) => (Array.isArray(v) ? { value: v[0], label: v[1] } : { value: v, label: v }));

const BOOL_OPTIONS = opts(["true", "Yes"], ["false", "No"]);
const CURRENCIES = opts("EUR", "USD", "GBP", "CHF");
const LANGUAGES = opts(["fr", "French"], ["en", "English"], ["de", "German"], ["es", "Spanish"], ["it", "Italian"], ["nl", "Dutch"], ["pt", "Portuguese"]);
const LOCALES = opts(["fr", "French"], ["fr-fr", "French (France)"], ["fr-be", "French (Belgium)"], ["fr-ch", "French (Switzerland)"], ["en", "English"], ["en-gb", "English (United Kingdom)"], ["en-us", "English (United States)"]);

/**
 * Enumerations whose options HubSpot resolves elsewhere (owners, pipelines, stages): they carry no
 * option list, and the server must validate them against owners/pipelines rather than options.
 */
export const EXTERNAL_OPTION_PROPERTIES = new Set(["hubspot_owner_id", "hs_pipeline", "hs_pipeline_stage", "pipeline", "dealstage"]);

/** Properties every CRM object has. */
const COMMON: Def[] = [
  ["hs_object_id", "Record ID", "number"],
  ["createdate", "Create Date", "datetime"],
  ["hs_createdate", "Create Date", "datetime"],
  ["hs_lastmodifieddate", "Last Modified Date", "datetime"],
  ["hubspot_owner_id", "Owner", "enumeration", { options: [] }],
  ["hs_all_owner_ids", "All owner IDs", "string"],
  ["hs_created_by_user_id", "Created by user ID", "number"],
  ["hs_updated_by_user_id", "Updated by user ID", "number"],
  ["hs_object_source", "Record source", "string"],
  ["hs_object_source_label", "Record source label", "string"],
  ["hs_object_source_id", "Record source ID", "string"],
  ["hs_merged_object_ids", "Merged record IDs", "string"],
];

const HUBSPOT_PROPERTIES: Record<CrmObjectType, { group: string; defs: Def[] }> = {
  contacts: {
    group: "contactinformation",
    defs: [
      ["email", "Email", "string"],
      ["hs_additional_emails", "Additional email addresses", "string"],
      ["firstname", "First Name", "string"],
      ["lastname", "Last Name", "string"],
      ["salutation", "Salutation", "string"],
      ["phone", "Phone Number", "string"],
      ["mobilephone", "Mobile Phone Number", "string"],
      ["hs_whatsapp_phone_number", "WhatsApp Phone Number", "string"],
      ["fax", "Fax Number", "string"],
      ["address", "Street Address", "string"],
      ["zip", "Postal Code", "string"],
      ["city", "City", "string"],
      ["state", "State/Region", "string"],
      ["country", "Country/Region", "string"],
      ["company", "Company Name", "string"],
      ["jobtitle", "Job Title", "string"],
      ["website", "Website URL", "string"],
      ["lastmodifieddate", "Last Modified Date", "datetime"],
      [
        "lifecyclestage",
        "Lifecycle Stage",
        "enumeration",
        {
          options: opts(
            ["subscriber", "Subscriber"],
            ["lead", "Lead"],
            ["marketingqualifiedlead", "Marketing Qualified Lead"],
            ["salesqualifiedlead", "Sales Qualified Lead"],
            ["opportunity", "Opportunity"],
            ["customer", "Customer"],
            ["evangelist", "Evangelist"],
            ["other", "Other"],
          ),
        },
      ],
      [
        "hs_lead_status",
        "Lead Status",
        "enumeration",
        { options: opts("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING") },
      ],
      ["hs_language", "Preferred language", "enumeration", { options: LANGUAGES }],
      ["hs_timezone", "Time Zone", "enumeration", { options: opts(["europe_slash_paris", "Europe/Paris"], ["europe_slash_london", "Europe/London"]) }],
      ["hs_email_domain", "Email Domain", "string"],
      ["notes_last_updated", "Last Activity Date", "datetime"],
      ["hs_email_optout", "Unsubscribed from all email", "bool", { options: BOOL_OPTIONS }],
    ],
  },
  tickets: {
    group: "ticketinformation",
    defs: [
      ["subject", "Ticket name", "string"],
      ["content", "Ticket description", "string", { fieldType: "textarea" }],
      ["hs_pipeline", "Pipeline", "enumeration", { options: [] }],
      ["hs_pipeline_stage", "Ticket status", "enumeration", { options: [] }],
      ["hs_ticket_priority", "Priority", "enumeration", { options: opts(["LOW", "Low"], ["MEDIUM", "Medium"], ["HIGH", "High"], ["URGENT", "Urgent"]) }],
      [
        "hs_ticket_category",
        "Category",
        "enumeration",
        { options: opts(["PRODUCT_ISSUE", "Product issue"], ["BILLING_ISSUE", "Billing issue"], ["FEATURE_REQUEST", "Feature request"], ["GENERAL_INQUIRY", "General inquiry"]) },
      ],
      ["source_type", "Source", "enumeration", { options: opts(["EMAIL", "Email"], ["CHAT", "Chat"], ["PHONE", "Phone"], ["FORM", "Form"]) }],
      ["hs_resolution", "Resolution", "enumeration", { options: opts("ISSUE_FIXED", "DUPLICATE", "NOT_REPRODUCIBLE", "WONT_FIX", "OTHER") }],
      ["closed_date", "Close date", "datetime"],
      ["hs_is_closed", "Is closed", "bool", { options: BOOL_OPTIONS }],
      ["time_to_close", "Time to close", "number"],
      ["first_agent_reply_date", "First agent email reply date", "datetime"],
      ["last_reply_date", "Last reply date", "datetime"],
      ["hs_last_message_received_at", "Last message received date", "datetime"],
      ["hs_lastactivitydate", "Last activity date", "datetime"],
      ["hs_ticket_id", "Ticket ID", "number"],
      ["tags", "Tags", "string"],
    ],
  },
  meetings: {
    group: "engagement",
    defs: [
      ["hs_timestamp", "Activity date", "datetime"],
      ["hs_meeting_title", "Meeting name", "string"],
      ["hs_meeting_body", "Meeting description", "string", { fieldType: "textarea" }],
      ["hs_internal_meeting_notes", "Internal notes", "string", { fieldType: "textarea" }],
      ["hs_meeting_external_url", "External URL", "string"],
      ["hs_meeting_location", "Location", "string"],
      ["hs_meeting_location_type", "Location type", "enumeration", { options: opts("ADDRESS", "PHONE", "VIDEO", "CUSTOM") }],
      ["hs_meeting_start_time", "Start time", "datetime"],
      ["hs_meeting_end_time", "End time", "datetime"],
      [
        "hs_meeting_outcome",
        "Meeting outcome",
        "enumeration",
        { options: opts(["SCHEDULED", "Scheduled"], ["COMPLETED", "Completed"], ["RESCHEDULED", "Rescheduled"], ["NO_SHOW", "No Show"], ["CANCELED", "Canceled"]) },
      ],
      ["hs_activity_type", "Activity type", "string"],
      ["hs_meeting_source", "Meeting source", "enumeration", { options: opts("CRM_UI", "INTEGRATION", "MEETINGS_PUBLIC", "BIDIRECTIONAL_API") }],
      ["hs_attendee_owner_ids", "Attendee owner IDs", "string"],
      // A multi-select on HubSpot's side; kept as a `;`-separated string so any file id is accepted.
      ["hs_attachment_ids", "Attached file IDs", "string"],
      ["hs_body_preview", "Body preview", "string"],
    ],
  },
  notes: {
    group: "engagement",
    defs: [
      ["hs_note_body", "Note body", "string", { fieldType: "textarea" }],
      ["hs_timestamp", "Activity date", "datetime"],
      ["hs_attachment_ids", "Attached file IDs", "string"],
      ["hs_body_preview", "Body preview", "string"],
      ["hs_body_preview_is_truncated", "Body preview is truncated", "bool", { options: BOOL_OPTIONS }],
    ],
  },
  deals: {
    group: "dealinformation",
    defs: [
      ["dealname", "Deal Name", "string"],
      ["amount", "Amount", "number"],
      ["dealstage", "Deal Stage", "enumeration", { options: [] }],
      ["pipeline", "Pipeline", "enumeration", { options: [] }],
      ["closedate", "Close Date", "datetime"],
      ["dealtype", "Deal Type", "enumeration", { options: opts(["newbusiness", "New Business"], ["existingbusiness", "Existing Business"]) }],
      ["description", "Deal Description", "string", { fieldType: "textarea" }],
      ["deal_currency_code", "Currency", "enumeration", { options: CURRENCIES }],
      ["hs_priority", "Priority", "enumeration", { options: opts(["low", "Low"], ["medium", "Medium"], ["high", "High"]) }],
      ["hs_is_closed", "Is Deal Closed?", "bool", { options: BOOL_OPTIONS }],
      ["hs_is_closed_won", "Is Closed Won", "bool", { options: BOOL_OPTIONS }],
      ["hs_deal_stage_probability", "Deal probability", "number"],
      ["hs_closed_amount", "Closed amount", "number"],
      ["closed_lost_reason", "Closed Lost Reason", "string", { fieldType: "textarea" }],
      ["notes_last_updated", "Last Activity Date", "datetime"],
    ],
  },
  quotes: {
    group: "quoteinformation",
    defs: [
      ["hs_title", "Quote name", "string"],
      ["hs_expiration_date", "Quote expiration date", "date", { fieldType: "date" }],
      [
        "hs_status",
        "Quote approval status",
        "enumeration",
        { options: opts("DRAFT", "APPROVAL_NOT_NEEDED", "PENDING_APPROVAL", "APPROVED", "REJECTED", "PENDING_BUYER_ACTION", "ACCEPTED", "LOST") },
      ],
      ["hs_quote_amount", "Quote amount", "number"],
      ["hs_currency", "Currency", "enumeration", { options: CURRENCIES }],
      ["hs_quote_number", "Quote number", "string"],
      ["hs_language", "Language", "enumeration", { options: LANGUAGES }],
      ["hs_locale", "Locale", "enumeration", { options: LOCALES }],
      ["hs_sign_status", "Signature status", "enumeration", { options: opts("NOT_SIGNED", "ESIGN_PENDING", "ESIGN_COMPLETED", "ESIGN_VOIDED") }],
      ["hs_esign_date", "E-sign date", "datetime"],
      ["hs_esign_enabled", "E-signature enabled", "bool", { options: BOOL_OPTIONS }],
      ["hs_esign_num_signers_required", "Number of signers required", "number"],
      ["hs_template_type", "Template type", "enumeration", { options: opts("CPQ_QUOTE", "DEFAULT", "CUSTOMIZABLE_QUOTE_TEMPLATE") }],
      ["hs_acceptance_method", "Acceptance method", "enumeration", { options: opts("esignature", "clickwrap", "print_and_sign") }],
      ["hs_locked", "Locked", "bool", { options: BOOL_OPTIONS }],
      ["hs_quote_link", "Quote link", "string"],
      ["hs_pdf_download_link", "PDF download link", "string"],
      ["hs_payment_enabled", "Payment enabled", "bool", { options: BOOL_OPTIONS }],
      ["hs_payment_status", "Payment status", "enumeration", { options: opts("PENDING", "PROCESSING", "PAID", "FAILED") }],
      ["hs_comments", "Comments", "string", { fieldType: "textarea" }],
      ["hs_terms", "Purchase terms", "string", { fieldType: "textarea" }],
      ["hs_sender_firstname", "Sender first name", "string"],
      ["hs_sender_lastname", "Sender last name", "string"],
      ["hs_sender_email", "Sender email", "string"],
      ["hs_sender_phone", "Sender phone", "string"],
      ["hs_sender_company_name", "Sender company name", "string"],
      ["hs_sender_company_address", "Sender company address", "string"],
      ["hs_sender_company_city", "Sender company city", "string"],
      ["hs_sender_company_zipcode", "Sender company zip", "string"],
      ["hs_sender_company_country", "Sender company country", "string"],
      ["hs_quote_total_preference", "Total preference", "string"],
    ],
  },
  line_items: {
    group: "lineiteminformation",
    defs: [
      ["name", "Name", "string"],
      ["description", "Description", "string", { fieldType: "textarea" }],
      ["quantity", "Quantity", "number"],
      ["price", "Unit price", "number"],
      ["amount", "Net price", "number"],
      ["hs_sku", "SKU", "string"],
      ["hs_product_id", "Product ID", "number"],
      ["hs_discount_percentage", "Discount Percentage", "number"],
      ["discount", "Unit discount", "number"],
      ["hs_total_discount", "Total discount", "number"],
      ["hs_pre_discount_amount", "Pre-discount amount", "number"],
      ["hs_cost_of_goods_sold", "Unit cost", "number"],
      ["tax", "Tax", "number"],
      ["hs_tax_rate_group_id", "Tax rate group", "string"],
      ["hs_line_item_currency_code", "Currency", "enumeration", { options: CURRENCIES }],
      ["hs_position_on_quote", "Position on quote", "number"],
      ["hs_recurring_billing_period", "Term", "string"],
    ],
  },
  invoices: {
    group: "invoiceinformation",
    defs: [
      ["hs_title", "Title", "string"],
      ["hs_number", "Invoice number", "string"],
      ["hs_invoice_status", "Invoice status", "enumeration", { options: opts(["draft", "Draft"], ["open", "Open"], ["paid", "Paid"], ["voided", "Voided"]) }],
      ["hs_currency", "Currency", "enumeration", { options: CURRENCIES }],
      ["hs_invoice_date", "Invoice date", "date", { fieldType: "date" }],
      ["hs_due_date", "Due date", "date", { fieldType: "date" }],
      ["hs_payment_date", "Payment date", "datetime"],
      ["hs_amount_billed", "Amount billed", "number"],
      ["hs_amount_paid", "Amount paid", "number"],
      ["hs_balance_due", "Balance due", "number"],
      ["hs_subtotal", "Subtotal", "number"],
      ["hs_tax", "Tax", "number"],
      ["hs_invoice_link", "Invoice link", "string"],
      ["hs_pdf_download_link", "PDF download link", "string"],
      ["hs_purchase_order_number", "Purchase order number", "string"],
      ["hs_comments", "Comments", "string", { fieldType: "textarea" }],
      ["hs_tax_id", "Tax ID", "string"],
      ["hs_invoice_billable", "Billable", "bool", { options: BOOL_OPTIONS }],
      ["hs_allow_partial_payments", "Allow partial payments", "bool", { options: BOOL_OPTIONS }],
      ["hs_invoice_payment_collection_method", "Payment collection method", "enumeration", { options: opts("manual", "none") }],
      ["hs_language", "Language", "enumeration", { options: LANGUAGES }],
      ["hs_locale", "Locale", "enumeration", { options: LOCALES }],
      ["hs_days_overdue", "Days overdue", "number"],
    ],
  },
};

function defaultFieldType(type: PropertyType): FieldType {
  switch (type) {
    case "number":
      return "number";
    case "date":
    case "datetime":
      return "date";
    case "enumeration":
      return "select";
    case "bool":
      return "booleancheckbox";
    default:
      return "text";
  }
}

function hubspotProperties(objectType: CrmObjectType): SandboxProperty[] {
  const { group, defs } = HUBSPOT_PROPERTIES[objectType];
  const seen = new Set<string>();
  const out: SandboxProperty[] = [];
  for (const [name, label, type, extra] of [...COMMON, ...defs]) {
    if (seen.has(name)) continue;
    seen.add(name);
    const prop: SandboxProperty = {
      name,
      label,
      type,
      fieldType: extra?.fieldType ?? defaultFieldType(type),
      groupName: group,
      hubspotDefined: true,
      createdAt: HUBSPOT_DEFINED_AT,
    };
    if (extra?.options) prop.options = extra.options.map((o) => ({ ...o }));
    out.push(prop);
  }
  return out;
}

/** Properties the sandbox stamps on every record (created/modified date, id), by object type. */
export function systemStampProperties(objectType: CrmObjectType, id: string, createdAt: string, updatedAt: string): Record<string, string> {
  const stamps: Record<string, string> = {
    hs_object_id: id,
    createdate: createdAt,
    hs_createdate: createdAt,
    hs_lastmodifieddate: updatedAt,
  };
  if (objectType === "contacts") stamps.lastmodifieddate = updatedAt;
  return stamps;
}

function stage(id: string, label: string, displayOrder: number, metadata: Record<string, string>, at: string): SandboxPipeline["stages"][number] {
  return { id, label, displayOrder, metadata, createdAt: at, updatedAt: at, archived: false };
}

function hubspotDefaultPipelines(): SandboxPipeline[] {
  const at = HUBSPOT_DEFINED_AT;
  const ticketStages: [string, string, string][] = [
    ["1", "New", "OPEN"],
    ["2", "Waiting on contact", "OPEN"],
    ["3", "Waiting on us", "OPEN"],
    ["4", "Closed", "CLOSED"],
  ];
  const dealStages: [string, string, string][] = [
    ["appointmentscheduled", "Appointment Scheduled", "0.2"],
    ["qualifiedtobuy", "Qualified To Buy", "0.4"],
    ["presentationscheduled", "Presentation Scheduled", "0.6"],
    ["decisionmakerboughtin", "Decision Maker Bought-In", "0.8"],
    ["contractsent", "Contract Sent", "0.9"],
    ["closedwon", "Closed Won", "1.0"],
    ["closedlost", "Closed Lost", "0.0"],
  ];
  return [
    {
      id: "0",
      objectType: "tickets",
      label: "Support Pipeline",
      displayOrder: 0,
      createdAt: at,
      updatedAt: at,
      archived: false,
      stages: ticketStages.map(([id, label, state], i) => stage(id, label, i, { ticketState: state, isClosed: String(state === "CLOSED") }, at)),
    },
    {
      id: "default",
      objectType: "deals",
      label: "Sales Pipeline",
      displayOrder: 0,
      createdAt: at,
      updatedAt: at,
      archived: false,
      stages: dealStages.map(([id, label, probability], i) =>
        stage(id, label, i, { isClosed: String(id === "closedwon" || id === "closedlost"), probability }, at),
      ),
    },
  ];
}

/** Fixed ids so that seeds and tests are reproducible; real HubSpot generates similar numeric ids. */
const PORTAL_PIPELINE_IDS: Record<PipelineKey, { pipeline: string; stageBase: number }> = {
  interventions: { pipeline: "12345601", stageBase: 12345611 },
  service_desk: { pipeline: "12345602", stageBase: 12345621 },
  quotes: { pipeline: "12345603", stageBase: 12345631 },
};

export type PipelineKey = "interventions" | "service_desk" | "quotes";

function specOf(key: PipelineKey): PipelineSpec {
  return key === "interventions" ? PIPELINES.interventions : key === "service_desk" ? PIPELINES.serviceDesk : PIPELINES.quotes;
}

function portalPipelines(at: string): SandboxPipeline[] {
  const keys: PipelineKey[] = ["interventions", "service_desk", "quotes"];
  return keys.map((key, p) => {
    const spec = specOf(key);
    const ids = PORTAL_PIPELINE_IDS[key];
    return {
      id: ids.pipeline,
      objectType: spec.objectType,
      label: spec.label,
      displayOrder: p + 1,
      createdAt: at,
      updatedAt: at,
      archived: false,
      stages: spec.stages.map((s, i) => {
        // HubSpot also reports isClosed on every stage; derive it from the spec's metadata.
        const closed = s.metadata.ticketState === "CLOSED" || (spec.objectType === "deals" && (s.key === "work_done" || s.key === "lost"));
        return stage(String(ids.stageBase + i), s.label, i, { ...s.metadata, isClosed: String(closed) }, at);
      }),
    };
  });
}

export function emptyState(opts: { withPortalSchema?: boolean; now?: Date } = {}): SandboxState {
  const withPortalSchema = opts.withPortalSchema ?? true;
  const at = (opts.now ?? new Date()).toISOString();
  const properties = {} as SandboxState["properties"];
  const objects = {} as SandboxState["objects"];
  for (const type of CRM_OBJECT_TYPES) {
    const props = hubspotProperties(type);
    if (withPortalSchema) {
      for (const spec of customPropertiesOf(type)) {
        const prop: SandboxProperty = { ...spec, groupName: PROPERTY_GROUP.name, hubspotDefined: false, createdAt: at };
        if (spec.options) prop.options = spec.options.map((o) => ({ ...o }));
        props.push(prop);
      }
    }
    properties[type] = props;
    objects[type] = [];
  }
  return {
    nextId: FIRST_OBJECT_ID,
    owners: [],
    properties,
    pipelines: [...hubspotDefaultPipelines(), ...(withPortalSchema ? portalPipelines(at) : [])],
    objects,
    associations: [],
    files: [],
  };
}

function findPipeline(state: SandboxState, key: PipelineKey) {
  const spec = specOf(key);
  return state.pipelines.find((p) => !p.archived && p.objectType === spec.objectType && p.label === spec.label);
}

/** Pipeline id by the spec's key, matched on the spec's label (ids differ between accounts). */
export function pipelineIdByKey(state: SandboxState, pipelineKey: PipelineKey): string | undefined {
  return findPipeline(state, pipelineKey)?.id;
}

/** Stage id by the spec's pipeline and stage keys, matched on the spec's labels. */
export function stageIdByKey(state: SandboxState, pipelineKey: PipelineKey, stageKey: string): string | undefined {
  const spec = specOf(pipelineKey);
  const label = spec.stages.find((s) => s.key === stageKey)?.label;
  if (label === undefined) return undefined;
  return findPipeline(state, pipelineKey)?.stages.find((s) => !s.archived && s.label === label)?.id;
}

/** Reverse lookup: the spec's stage key of a stage id, or undefined if it is not a portal stage. */
export function stageKeyById(state: SandboxState, pipelineKey: PipelineKey, stageId: string): string | undefined {
  const label = findPipeline(state, pipelineKey)?.stages.find((s) => s.id === stageId)?.label;
  return specOf(pipelineKey).stages.find((s) => s.label === label)?.key;
}
