/**
 * The layers of lib/, as code: `npm run lint` runs dependency-cruiser with these rules, so an import
 * that points up a layer fails the build (tests/unit/layers.test.ts shows one). ARCHITECTURE.md
 * states the same table in words.
 *
 * Each folder (or top-level file) of lib/ lists what it may import. The lists only name folders of
 * the same or a lower layer, so the folder graph of lib/ has no cycle.
 */

const GROUND = ["errors", "env", "process", "ready", "model", "time", "contact", "db", "memory-cache", "one-time-code", "client-address", "file-names", "log", "telemetry", "settings", "geo"];
const INFRA = ["hubspot", "notifications", "pdf", "i18n", "uploads", "live", "outbox", "auth", "staff"];
const DOMAINS = ["bookings", "documents", "surveys", "messages", "interventions", "account"];

/** What each part of lib/ may import (besides itself and packages). */
const ALLOWED = {
  // Ground: no I/O beyond the database; knows no adapter and no domain.
  errors: [],
  env: [],
  // processSingleton: state shared by every bundle and dev reload of one server process.
  process: [],
  ready: [],
  model: [],
  time: [],
  contact: ["model", "errors"],
  db: ["env", "errors", "process", "log"],
  "memory-cache": ["env", "errors", "process", "db", "log"],
  "one-time-code": ["env", "errors", "db", "time"],
  // The request's client address (TRUSTED_PROXIES), for the limits and the loopback-only demo pages.
  "client-address": ["env", "process"],
  // Generated file names (downloads, the export's entries): one helper, pure.
  "file-names": [],
  // The JSON logger (pino) and each request's id; spans (OpenTelemetry) and Prometheus metrics.
  log: ["env", "process"],
  telemetry: ["env", "process", "log"],
  // French geography: communes and postcodes offline, the address check, the service area, BAN geocoding (cached in the database).
  geo: ["env", "errors", "process", "db"],
  // The business settings the staff console edits (company identity, services, rules…), read when used by every layer above.
  settings: ["env", "errors", "process", "db", "memory-cache", "model", "time", "contact", "log", "geo"],
  // Adapters and infrastructure: ground only, and the few lower adapters named here; never a domain.
  hubspot: GROUND,
  notifications: GROUND,
  pdf: GROUND,
  i18n: GROUND,
  live: GROUND,
  uploads: [...GROUND, "hubspot"],
  outbox: [...GROUND, "notifications"],
  // live: a revocation ends the customer's open live streams on every instance.
  auth: [...GROUND, "hubspot", "notifications", "outbox", "i18n", "live"],
  // The staff console's sign-in (HubSpot users, TOTP), sessions, roles and audit trail: beside auth, never importing it.
  staff: [...GROUND, "hubspot", "notifications", "outbox", "i18n"],
  // Domains: ground and infrastructure; another domain only through its public entry (index.ts),
  // and only downwards in this order.
  bookings: [...GROUND, ...INFRA],
  documents: [...GROUND, ...INFRA],
  surveys: [...GROUND, ...INFRA],
  messages: [...GROUND, ...INFRA],
  interventions: [...GROUND, ...INFRA, "surveys"],
  account: [...GROUND, ...INFRA, "bookings"],
  // Composition: reads the domains; imported by no domain.
  dashboard: [...GROUND, ...INFRA, ...DOMAINS],
  // The one wiring place: registers every domain's outbox handlers and the webhook reactions.
  server: [...GROUND, ...INFRA, ...DOMAINS],
  // The staff console's verbs (delivery desk, …): each checks the staff role and audits itself.
  console: [...GROUND, ...INFRA, ...DOMAINS],
};

const part = (name) => `^lib/${name}(?:/|\\.tsx?$)`;
const anyOf = (names) => `^lib/(?:${names.join("|")})(?:/|\\.tsx?$)`;

const layerRules = Object.entries(ALLOWED).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: `lib/${name} may import only: ${allowed.length ? allowed.join(", ") : "nothing of lib/"} (see .dependency-cruiser.cjs)`,
  severity: "error",
  from: { path: part(name) },
  to: { path: "^lib/", pathNot: [part(name), ...(allowed.length ? [anyOf(allowed)] : [])] },
}));

module.exports = {
  forbidden: [
    {
      name: "lib-part-unknown",
      comment: "every folder or file of lib/ has a place in the layer table of .dependency-cruiser.cjs",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^lib/", pathNot: anyOf(Object.keys(ALLOWED)) },
    },
    ...layerRules,
    {
      name: "domain-public-entry",
      comment: "a domain (or the dashboard) reaches another domain only through its public entry, lib/<domain>/index.ts",
      severity: "error",
      from: { path: `^lib/(${[...DOMAINS, "dashboard"].join("|")})/` },
      to: { path: `^lib/(?:${DOMAINS.join("|")})/`, pathNot: ["^lib/$1/", "^lib/[^/]+/index\\.ts$"] },
    },
    {
      name: "lib-not-routes",
      comment: "lib/ never imports routes or components",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(?:app|components)/" },
    },
    {
      name: "no-circular",
      comment: "no module imports itself through others",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
