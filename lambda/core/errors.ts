import type { RejectionReason } from '../domain/rejection.js';

/** The detector refused this image for good: retrying would not help. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
  }
}

/** The detector is throttling or down: the same request may succeed later. */
export class DetectorUnavailableError extends Error {
  override readonly name = 'DetectorUnavailableError';
  constructor(
    message: string,
    readonly throttled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another delivery of the same frame is being analysed right now. */
export class FrameInProgressError extends Error {
  override readonly name = 'FrameInProgressError';
  constructor(readonly frameId: string) {
    super(`Frame ${frameId} is being analysed by another request; retry in a few seconds.`);
  }
}

/** What is wrong with the detector's setup. */
export type DetectorSetupProblem = 'access-denied' | 'model-not-found' | 'no-recording';

/**
 * The detector refuses every frame alike until its setup is fixed (a permission; a recording of
 * the local replay): neither the image's fault nor a passing one. Nothing is stored for the
 * frame: the API caller gets the reason, the S3 path retries and then dead-letters the message
 * for a redrive after the fix.
 */
export class DetectorConfigurationError extends Error {
  override readonly name = 'DetectorConfigurationError';
  constructor(
    readonly problem: DetectorSetupProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The results store is throttling, down, or lost a transaction to concurrent writers more often
 * than its retries allow: the same request may succeed later, so callers answer "retry", not 500.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message: string,
    readonly throttled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The results table refused a page's start key: a token that this API did not issue for this query. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
