import type { DigestLedger, DigestMarker } from '../adapters/dynamodb-digest-ledger.js';
import type { AlertPublisher } from '../core/ports.js';
import { buildDigestMessage, type DigestBody, digestOf } from '../domain/digest-message.js';

/** What the digest function needs. */
export interface AlertDigestDeps {
  publisher: AlertPublisher;
  ledger: DigestLedger;
  /** The clock that says which cooldowns have ended. @default Date.now */
  now?: () => number;
  /** Called once per digest published, for metrics and logs. */
  onDigest?: (body: DigestBody) => void;
  logError: (message: string, details: Record<string, unknown>) => void;
}

/** What one run did. */
export interface DigestRun {
  published: number;
}

const MAX_ATTEMPTS = 3;

/**
 * The scheduled digest (every minute): for each camera whose cooldown ended with violations
 * held back that no alert reported, one `PPE_VIOLATION_DIGEST`. Each digest is claimed before it
 * is published (the camera's held-back record cleared, the digest kept to send, in one
 * transaction), so that a retry, an overlapping run or a concurrent alert never reports the same
 * held frames twice, and a failed publish is sent again by the next run. A run that could not
 * send everything throws after trying the rest, so that the function's errors alarm fires.
 */
export function makeAlertDigestHandler(deps: AlertDigestDeps) {
  const now = deps.now ?? Date.now;

  async function send(key: { pk: string; sk: string }, body: DigestBody): Promise<void> {
    await deps.publisher.publish(buildDigestMessage(body));
    await deps.ledger.sent(key);
    deps.onDigest?.(body);
  }

  async function settle(marker: DigestMarker): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await deps.ledger.cameraState(marker.cameraId);
      // A later cooldown, or an alert after this one that reported what it held: nothing due.
      const body =
        state?.cooldownEndsAt === marker.dueAt ? digestOf(marker.cameraId, state) : undefined;
      if (!state || !body) {
        if (await deps.ledger.drop(marker, state?.version)) return false;
        continue;
      }
      const claimed = await deps.ledger.claim(marker, state, body);
      if (claimed) {
        await send(claimed, body);
        return true;
      }
    }
    throw new Error(`Camera ${marker.cameraId} changed ${MAX_ATTEMPTS} times during one digest`);
  }

  return async function handler(): Promise<DigestRun> {
    const due = await deps.ledger.due(new Date(now()).toISOString());
    let published = 0;
    let failed = 0;
    for (const item of due) {
      try {
        if (item.kind === 'claimed') {
          await send(item.key, item.body);
          published += 1;
        } else if (await settle(item)) {
          published += 1;
        }
      } catch (error) {
        failed += 1;
        deps.logError('Digest not sent; the next run tries again', {
          cameraId: item.kind === 'marker' ? item.cameraId : item.body.cameraId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    if (failed > 0) throw new Error(`${failed} of ${due.length} due digests were not sent`);
    return { published };
  };
}
