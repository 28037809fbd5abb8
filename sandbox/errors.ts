import { randomUUID } from "node:crypto";

/**
 * HubSpot's error body: `{status:"error", message, correlationId, category, errors?}`.
 * Handlers throw `HubSpotError`; the server turns it into that body with the same correlation id
 * as the `X-HubSpot-Correlation-Id` header.
 */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
}

export class HubSpotError extends Error {
  readonly status: number;
  readonly category: string | undefined;
  readonly errors?: HubSpotErrorDetail[];
  /** Extra top-level fields (429 bodies carry policyName/errorType/groupName instead of category). */
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    category: string | undefined,
    message: string,
    options: { errors?: HubSpotErrorDetail[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HubSpotError";
    this.status = status;
    this.category = category;
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  body(correlationId: string): Record<string, unknown> {
    const body: Record<string, unknown> = { status: "error", message: this.message, correlationId };
    if (this.category) body.category = this.category;
    if (this.errors) body.errors = this.errors;
    if (this.extra) Object.assign(body, this.extra);
    return body;
  }
}

export const newCorrelationId = (): string => randomUUID();

export const AUTH_MESSAGE =
  "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

export const unauthorized = () => new HubSpotError(401, "INVALID_AUTHENTICATION", AUTH_MESSAGE);
export const notFound = (message = "resource not found") => new HubSpotError(404, "OBJECT_NOT_FOUND", message);
export const validation = (message: string, errors?: HubSpotErrorDetail[]) =>
  new HubSpotError(400, "VALIDATION_ERROR", message, { errors });
export const conflict = (message: string, category = "CONFLICT") => new HubSpotError(409, category, message);
export const internal = () => new HubSpotError(500, "INTERNAL_ERROR", "internal error");

/** Property-level problems reported in HubSpot's "Property values were not valid" shape. */
export interface PropertyProblem {
  name: string;
  error: string; // PROPERTY_DOESNT_EXIST, INVALID_OPTION, INVALID_LONG, INVALID_DATE, ...
  message: string;
}

export function invalidProperties(problems: PropertyProblem[]): HubSpotError {
  const legacy = problems.map((p) => ({
    isValid: false,
    message: p.message,
    error: p.error,
    name: p.name,
    localizedErrorMessage: p.message,
  }));
  return validation(
    `Property values were not valid: ${JSON.stringify(legacy)}`,
    problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  );
}

/** 429 bodies follow HubSpot's rate-limit shape (errorType/policyName, no category). */
export function rateLimited(policy: "TEN_SECONDLY_ROLLING" | "SECONDLY" | "DAILY", headers?: Record<string, string>): HubSpotError {
  const message =
    policy === "TEN_SECONDLY_ROLLING"
      ? "You have reached your ten_secondly_rolling limit."
      : policy === "SECONDLY"
        ? "You have reached your secondly limit."
        : "You have reached your daily limit.";
  const groupName =
    policy === "SECONDLY" ? "publicapi:crm-search:secondly" : policy === "DAILY" ? "publicapi:daily" : "publicapi:ten-secondly-rolling";
  return new HubSpotError(429, undefined, message, {
    extra: { errorType: "RATE_LIMIT", policyName: policy, groupName },
    headers,
  });
}
