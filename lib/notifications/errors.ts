import "server-only";

/**
 * A delivery failure the provider will not change its mind about (invalid recipient, rejected
 * content): the outbox stops retrying at once. Anything else is retried with backoff.
 * Messages are written for operators and never contain the payload (codes, links).
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentDeliveryError";
  }
}

export function isPermanentDeliveryError(error: unknown): error is PermanentDeliveryError {
  return error instanceof PermanentDeliveryError;
}
