import { AsyncLocalStorage } from "node:async_hooks";
import { trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process/singleton";

/**
 * The portal's one logger: JSON lines on stdout (pino), one object per event.
 *
 * Every line logged while a request is handled carries its `requestId` (request-id.ts stamps it on
 * the request before Next.js sees it and keeps it in `logContext` for everything the request runs);
 * an outbox job's lines carry `jobId` and `jobKind` (withLogContext). When a trace is recording,
 * `traceId` and `spanId` join them, so a log line leads to its trace.
 *
 * Personal data never goes in: call sites log ids, counts and error codes only. As a safety net,
 * the fields named in REDACT are replaced, and error messages and stacks are scrubbed of anything
 * shaped like an email address or a phone number (an upstream error may quote one).
 *
 * Level: LOG_LEVEL (default `info`; `silent` under Vitest unless LOG_LEVEL is set).
 */
export type LogContext = { requestId?: string; jobId?: string; jobKind?: string };

/** Fields that must never reach a log line, at the top level and one level down. */
const SENSITIVE_FIELDS = [
  "email",
  "phone",
  "mobile",
  "name",
  "firstName",
  "lastName",
  "firstname",
  "lastname",
  "address",
  "street",
  "token",
  "accessToken",
  "password",
  "secret",
  "otp",
  "oneTimeCode",
  "verificationCode",
  "authorization",
  "cookie",
  "body",
  "payload",
];
export const REDACT = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((f) => `*.${f}`), 'headers["x-duret-peer-address"]'];

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// International (+33 6 12 34 56 78, +33612345678) and French national (06 12 34 56 78) forms; a bare
// run of digits (a HubSpot id) is not a phone number.
const PHONE = /\+\d[\d\s.()-]{6,16}\d|\b0[1-9](?:[\s.-]?\d{2}){4}\b/g;

/** An error message or stack with emails and phone numbers masked. */
export function scrub(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

type SerializedError = { type: string; message: string; code?: string | number; stack?: string; cause?: SerializedError };

/** Errors as JSON: type, code, scrubbed message and stack, and the cause chain (3 deep). */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)) };
  const code = (error as { code?: unknown }).code;
  const out: SerializedError = { type: error.name, message: scrub(error.message) };
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (error.stack) out.stack = scrub(error.stack);
  if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

const context = processSingleton("__duretLogContext", () => new AsyncLocalStorage<LogContext>());

/** The context of the running request or job (lib/log/request-id.ts, withLogContext). */
export function logContext(): LogContext | undefined {
  return context.getStore();
}

/** Runs `fn` with `fields` added to every line it logs (an outbox job: its id and kind). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** Runs `fn` with no log context: work a request started but that is not the request's own (the outbox worker woken by it). */
export function withoutLogContext<T>(fn: () => T): T {
  return context.exit(fn);
}

/** Enters `fields` for the rest of the current synchronous run and what it starts (request-id.ts). */
export function enterLogContext(fields: LogContext): void {
  context.enterWith(fields);
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function configuredLevel(): LogLevel {
  try {
    const level = getEnv().LOG_LEVEL;
    if (level) return level;
  } catch {
    // An invalid configuration is reported by whoever reads it; the logger still works.
  }
  return process.env.VITEST ? "silent" : "info";
}

/** The logger's options: also used by tests to build one that writes to a buffer. */
export function loggerOptions(level: LogLevel = configuredLevel()): LoggerOptions {
  return {
    level,
    base: { service: "duret-portal" },
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers: { err: serializeError, error: serializeError },
    mixin() {
      const fields: Record<string, string> = { ...context.getStore() };
      const span = trace.getActiveSpan()?.spanContext();
      if (span && span.traceFlags & 1) {
        fields.traceId = span.traceId;
        fields.spanId = span.spanId;
      }
      return fields;
    },
  };
}

export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return options.destination ? pino(loggerOptions(options.level), options.destination) : pino(loggerOptions(options.level));
}

/** The process's logger (one for every bundle of the server). Use `log.child({ scope })` per module. */
export const log: Logger = processSingleton("__duretLogger", () => createLogger());

export type { Logger };
