/**
 * One error type for everything the portal reports to a person: `code` for programs, `message`
 * for logs (may hold internals), `userMessage` for the browser (French, safe to show).
 * Raw `error.message` never reaches the browser.
 */
export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UPSTREAM_UNAVAILABLE"
  | "INTERNAL";

const DEFAULT_USER_MESSAGES: Record<AppErrorCode, string> = {
  NOT_FOUND: "Élément introuvable.",
  FORBIDDEN: "Vous n'avez pas accès à cet élément.",
  UNAUTHENTICATED: "Votre session a expiré. Merci de vous reconnecter.",
  VALIDATION: "Certaines informations sont invalides.",
  CONFLICT: "Cette action a déjà été effectuée ou n'est plus possible.",
  RATE_LIMITED: "Trop de tentatives. Merci de réessayer dans quelques minutes.",
  UPSTREAM_UNAVAILABLE: "Le service est momentanément indisponible. Merci de réessayer dans quelques instants.",
  INTERNAL: "Une erreur inattendue s'est produite. Merci de réessayer.",
};

const HTTP_STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { userMessage?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.userMessage ?? DEFAULT_USER_MESSAGES[code];
    this.status = HTTP_STATUS[code];
    this.details = options.details;
  }
}

/**
 * A job that cannot go on yet and must be tried again no sooner than `retryAfterMs` (e.g. a HubSpot
 * create whose outcome is not known until HubSpot's search index has caught up). Not a failure of
 * the job: the outbox reschedules it after that delay.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

export function retryAfterOf(error: unknown): number {
  return error instanceof RetryLaterError ? Math.max(0, error.retryAfterMs) : 0;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What may be shown to a person for any thrown value. */
export function userMessageOf(error: unknown): string {
  return isAppError(error) ? error.userMessage : DEFAULT_USER_MESSAGES.INTERNAL;
}
