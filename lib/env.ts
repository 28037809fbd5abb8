import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import proxyaddr from "proxy-addr";
import { z } from "zod";

/**
 * The portal's configuration, read once from process.env and validated.
 * Server code imports `env` from here; nothing else reads process.env.
 * Works in Next.js, in scripts (tsx) and in tests (no `server-only` marker on purpose:
 * scripts and the sandbox import it too, and it holds no secret that reaches the browser).
 */
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const port = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(fallback));
const positiveInt = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));

/** The sandbox demo's staff identity (a HubSpot user of the sandbox seed, README): administrator of the demo console. */
export const DEMO_STAFF_ADMIN = "claire.duret@duret-electricite.fr";
/**
 * Its second factor (TOTP, base32), fixed so that a tester adds it to an authenticator app
 * (README, /dev/outbox). Used only when the portal runs on the sandbox (lib/staff/members.ts).
 */
export const DEMO_STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPDURETDEMOSTAFF23";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Public URL of the portal: links in emails, webhook target. */
    SITE_URL: z.preprocess(emptyToUndefined, z.url().default("http://localhost:3000")),
    PORT: port(3000),
    /**
     * The interface the portal listens on (scripts/run.ts). Loopback by default: the demo (captured
     * sign-in links on /dev/outbox) is not reachable from the network unless asked for ("0.0.0.0").
     */
    HOST: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9A-Za-z.:\-]+$/, "a host name or an IP address").default("127.0.0.1")),
    /**
     * Reverse proxies whose X-Forwarded-For is believed (lib/client-address): comma-separated IPs,
     * CIDRs, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`. Unset: none, the client is
     * the socket's peer and X-Forwarded-For is ignored.
     */
    TRUSTED_PROXIES: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("")
        .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
        .superRefine((list, ctx) => {
          try {
            proxyaddr.compile(list);
          } catch (error) {
            ctx.addIssue({ code: "custom", message: `${(error as Error).message}: expected comma-separated IPs or CIDRs, e.g. "10.0.0.0/8,loopback"` });
          }
        }),
    ),
    /** Where the embedded database, sandbox state and local captures live. */
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data")),
    /** A PostgreSQL server; when unset the embedded PGlite under DATA_DIR/db is used. */
    DATABASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),

    /** Real HubSpot: a project-app / service-key token. Unset = local HubSpot sandbox. */
    HUBSPOT_ACCESS_TOKEN: optionalString,
    /** Secret used to verify (and, for the sandbox, sign) webhook v3 signatures. */
    HUBSPOT_CLIENT_SECRET: optionalString,
    HUBSPOT_PORTAL_ID: z.preprocess(emptyToUndefined, z.string().regex(/^\d+$/).default("24100001")),
    HUBSPOT_SANDBOX_PORT: port(4010),
    HUBSPOT_SANDBOX_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8).default("sandbox-dev-token")),
    /** Override of the API base URL (tests point it at an ephemeral sandbox). */
    HUBSPOT_BASE_PATH: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Local sandbox's webhooks: "project" = only the HubSpot project's subscriptions (as HubSpot), "all" = every change. */
    SANDBOX_WEBHOOKS: z.preprocess(emptyToUndefined, z.enum(["project", "all"]).default("project")),
    /** The portal's share of HubSpot's 190 req / 10 s, across all instances. */
    HUBSPOT_BUDGET_PER_10S: positiveInt(150),
    HUBSPOT_SEARCH_BUDGET_PER_S: positiveInt(4),
    /** Longest a customer's request waits on HubSpot retries, in ms. */
    HUBSPOT_MAX_WAIT_MS: positiveInt(4000),
    /**
     * Longest a request queues for a slot of the shared budget before its first attempt, in ms. HubSpot
     * is healthy then (we are only pacing ourselves), so a customer sees the skeleton a little longer
     * rather than an error; a first view by many new customers at once is the usual case.
     */
    HUBSPOT_BUDGET_WAIT_MS: positiveInt(10000),
    /**
     * Longest one outbox write may take on HubSpot (attempts and backoff), in ms: no customer waits on
     * it, so a slow HubSpot gets more time than a page read before the outcome is called unknown.
     */
    HUBSPOT_WRITE_MAX_WAIT_MS: positiveInt(30000),
    /**
     * How long after a write HubSpot's search may still miss it, in ms (HubSpot: "a few moments").
     * A create whose outcome is unknown is looked up only once this much has passed since it was sent.
     */
    HUBSPOT_SEARCH_LAG_MS: positiveInt(15000),
    /** Freshness bound for cached objects without webhooks (meetings, notes, quotes, invoices). */
    HUBSPOT_CACHE_TTL_S: positiveInt(300),
    /** Longest an entry of the shared cache is also kept in the process's memory (0: never). */
    HUBSPOT_CACHE_MEMORY_S: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(60)),
    /** Longest the process keeps a copy of a customer's portal rows read by every page view (0: never). */
    DB_MEMORY_S: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(3600).default(60)),

    /**
     * Staff console administrators (comma-separated emails of HubSpot users); every other active
     * user of the HubSpot account signs in as "office". Unset on the sandbox demo: its office
     * manager (DEMO_STAFF_ADMIN). Unset with real HubSpot: nobody is administrator.
     */
    STAFF_ADMIN_EMAILS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((v) => v.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean))
        .pipe(z.array(z.email("STAFF_ADMIN_EMAILS : une adresse e-mail est mal formée (liste séparée par des virgules)")).max(50))
        .optional(),
    ),

    /** Signs session JWTs and encrypts sensitive outbox payloads (≥ 32 chars). Required outside the demo. */
    AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),

    /** Real SMTP (smtp[s]://user:pass@host:port). Unset = captured by the local sandbox SMTP server. */
    SMTP_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    SANDBOX_SMTP_PORT: port(4025),
    /** Sender of the emails; required with SMTP_URL (the demo's captured emails use the demo company's). */
    MAIL_FROM: z.preprocess(emptyToUndefined, z.string().min(3).optional()),

    /** Real Twilio. Unset = SMS captured by the local sandbox (same twilio SDK, local base URL). */
    TWILIO_ACCOUNT_SID: z.preprocess(emptyToUndefined, z.string().regex(/^AC[0-9a-fA-F]{32}$/).optional()),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: z.preprocess(emptyToUndefined, z.string().default("+33700000000")),

    /**
     * The company's certificate that seals signed quotes (PAdES), as a PKCS#12 file: base64 in
     * SIGNING_P12_BASE64 or a path in SIGNING_P12_PATH, with its SIGNING_P12_PASSPHRASE. Unset: a
     * self-signed certificate is generated once under DATA_DIR/signing (sandbox/dev only).
     */
    SIGNING_P12_BASE64: z.preprocess(emptyToUndefined, z.base64().optional()),
    SIGNING_P12_PATH: optionalString,
    SIGNING_P12_PASSPHRASE: z.preprocess(emptyToUndefined, z.string().optional()),

    /** Run the outbox worker in this process (turn off on instances that should only serve pages). */
    OUTBOX_WORKER: z.preprocess(emptyToUndefined, z.enum(["on", "off"]).default("on")),

    /** JSON log lines at this level and above (lib/log). Unset: `info` (`silent` under Vitest). */
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
    /**
     * Traces (lib/telemetry/node.ts): on when an OTLP endpoint is set or OTEL_TRACES_EXPORTER=otlp;
     * `none` turns them off whatever else is set. OpenTelemetry's exporter reads the endpoint itself.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyToUndefined, z.url().optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess(emptyToUndefined, z.url().optional()),
    OTEL_TRACES_EXPORTER: z.preprocess(emptyToUndefined, z.enum(["otlp", "none"]).optional()),
    OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().default("duret-portal")),
    /**
     * GET /api/metrics (Prometheus) answers loopback clients, and any client sending
     * `Authorization: Bearer <METRICS_TOKEN>` when set (at least 24 characters).
     */
    METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(24).optional()),

    /**
     * The Base Adresse Nationale's geocoding API (lib/geo/ban.ts), up to its root: the search is
     * `${BAN_API_URL}/search`. Unset: IGN's Géoplateforme with real HubSpot, the local sandbox's copy
     * (same format, offline commune data) on the demo.
     */
    BAN_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** Longest a geocoding waits on the BAN before the commune's centre answers, in ms. */
    BAN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(30000).default(2000)),
  })
  .superRefine((e, ctx) => {
    // Real emails go out in the company's name: no made-up sender.
    if (e.SMTP_URL && !e.MAIL_FROM) ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "MAIL_FROM est obligatoire avec SMTP_URL : l'expéditeur des e-mails (ex. Entreprise <espace-client@exemple.fr>)" });
  })
  .transform((e) => {
    const sandbox = !e.HUBSPOT_ACCESS_TOKEN;
    let installationSecret: string | undefined;
    return {
      ...e,
      /** True when the portal runs against the local HubSpot sandbox. */
      sandbox,
      hubspotToken: e.HUBSPOT_ACCESS_TOKEN ?? e.HUBSPOT_SANDBOX_TOKEN,
      hubspotBasePath:
        e.HUBSPOT_BASE_PATH ?? (sandbox ? `http://127.0.0.1:${e.HUBSPOT_SANDBOX_PORT}` : "https://api.hubapi.com"),
      /** The BAN's geocoding root: BAN_API_URL, else the sandbox's copy on the demo, else the Géoplateforme. */
      banApiUrl:
        e.BAN_API_URL ??
        (sandbox ? `${e.HUBSPOT_BASE_PATH ?? `http://127.0.0.1:${e.HUBSPOT_SANDBOX_PORT}`}/geocodage` : "https://data.geopf.fr/geocodage"),
      /** In the sandbox a fixed dev secret is fine; with real HubSpot it must be configured. */
      webhookSecret: e.HUBSPOT_CLIENT_SECRET ?? (sandbox ? "sandbox-webhook-secret" : undefined),
      /**
       * Real deployments must set AUTH_SECRET (production with real HubSpot gets none otherwise, and
       * refuses to start). The demo and development use a random secret made once per installation
       * (DATA_DIR/auth-secret, mode 0600, kept across restarts): a secret written in the code would let
       * anyone forge a session cookie. Read on first use, so parsing the configuration writes nothing.
       */
      get authSecret(): string | undefined {
        if (e.AUTH_SECRET) return e.AUTH_SECRET;
        if (!sandbox && e.NODE_ENV === "production") return undefined;
        return (installationSecret ??= readOrCreateInstallationSecret(e.DATA_DIR));
      },
      /** Console administrators (lower case): STAFF_ADMIN_EMAILS, else the demo's office manager on the sandbox only. */
      staffAdminEmails: e.STAFF_ADMIN_EMAILS ?? (sandbox ? [DEMO_STAFF_ADMIN] : []),
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.SANDBOX_SMTP_PORT}`,
      /** Emails go to the local capture server (no real SMTP configured). */
      mailCaptured: !e.SMTP_URL,
      /** Who the emails come from (MAIL_FROM; the demo company's on captured mail). */
      mailFrom: e.MAIL_FROM ?? "Duret Électricité (démo) <espace-client@duret-electricite.fr>",
      /** SMS go to the local capture (no real Twilio account configured). */
      smsCaptured: !(e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN),
      /**
       * /dev/outbox shows captured emails and SMS (sign-in links and codes!): only on the demo
       * sandbox, whose customers are fictitious, and only while something is captured.
       */
      devOutbox: sandbox && (!e.SMTP_URL || !(e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN)),
    };
  });

export type Env = z.output<typeof schema>;

/** File of the demo's installation secret under DATA_DIR. */
export const INSTALLATION_SECRET_FILE = "auth-secret";

/**
 * The installation's secret under `dataDir`, made on first use: 32 random bytes (base64url), mode
 * 0600. Written to a private temporary file then hard-linked into place, so two processes starting
 * at once (scripts/run.ts and Next) agree on one secret and never read a half-written file.
 */
export function readOrCreateInstallationSecret(dataDir: string): string {
  const file = path.join(dataDir, INSTALLATION_SECRET_FILE);
  const read = () => {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length < 32) throw new Error(`${file} is damaged (shorter than 32 characters): delete it to make a new one`);
    return secret;
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(temp, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process won: use its secret
  } finally {
    unlinkSync(temp);
  }
  return read();
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The validated configuration (lazy so that `next build` does not need runtime secrets). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
/** Tests that change process.env call this to re-read it. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** Whether the site is served over https (secure cookies, `__Host-` names, HSTS-only CSP rules). */
export function isSecureSite(siteUrl: string): boolean {
  return new URL(siteUrl).protocol === "https:";
}
