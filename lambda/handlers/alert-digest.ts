import type { SendDigests } from '../core/send-digests.js';

/** What the scheduled digest handler needs. */
export interface AlertDigestDeps {
  sendDigests: SendDigests;
  logError: (message: string, details: Record<string, unknown>) => void;
}

/** What one run did. */
export interface DigestRun {
  published: number;
}

/**
 * The scheduled digest (every minute): sends the digests that are due. A run that could not send
 * everything logs each failure and then throws, so that the function's errors alarm fires; the
 * next run tries the failed ones again.
 */
export function makeAlertDigestHandler(deps: AlertDigestDeps) {
  return async function handler(): Promise<DigestRun> {
    const { due, published, failures } = await deps.sendDigests();
    for (const { cameraId, error } of failures) {
      deps.logError('Digest not sent; the next run tries again', {
        cameraId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${due} due digests were not sent`);
    }
    return { published };
  };
}
