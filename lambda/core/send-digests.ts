import { buildDigestMessage, type DigestBody, digestOf } from '../domain/digest-message.js';
import type { AlertPublisher, DigestKey, DigestLedger, DigestMarker } from './ports.js';

/** What sending the due digests needs; module scope wires the real adapters. */
export interface SendDigestsDeps {
  publisher: AlertPublisher;
  ledger: DigestLedger;
  /** The clock that says which cooldowns have ended. @default Date.now */
  now?: () => number;
  /** Called once per digest published, for metrics and logs. */
  onDigest?: (body: DigestBody) => void;
}

/** What one run did: the digests it found due, sent, and could not send (to try next run). */
export interface DigestRound {
  due: number;
  published: number;
  failures: { cameraId: string; error: unknown }[];
}

const MAX_ATTEMPTS = 3;

/**
 * Sends the digest of every cooldown that ended with violations held back that no alert
 * reported: one `PPE_VIOLATION_DIGEST` per camera and cooldown. Each digest is claimed before it
 * is published (the camera's held-back record cleared, the digest kept to send, in one ledger
 * step), so that a retry, an overlapping run or a concurrent alert never reports the same held
 * frames twice, and a failed publish is sent again by the next run. One digest's failure does not
 * stop the others: the run reports it.
 */
export function makeSendDigests(deps: SendDigestsDeps) {
  const now = deps.now ?? Date.now;

  async function send(key: DigestKey, body: DigestBody): Promise<void> {
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

  return async function sendDigests(): Promise<DigestRound> {
    const due = await deps.ledger.due(new Date(now()).toISOString());
    const round: DigestRound = { due: due.length, published: 0, failures: [] };
    for (const item of due) {
      try {
        if (item.kind === 'claimed') {
          await send(item.key, item.body);
          round.published += 1;
        } else if (await settle(item)) {
          round.published += 1;
        }
      } catch (error) {
        const cameraId = item.kind === 'marker' ? item.cameraId : item.body.cameraId;
        round.failures.push({ cameraId, error });
      }
    }
    return round;
  };
}

/** The function that sends the due digests. */
export type SendDigests = ReturnType<typeof makeSendDigests>;
