import { type AlertCandidate, decideAlert, type HeldBack } from '../domain/alert-cooldown.js';
import { buildAlertMessage, filterableMissing } from '../domain/alert-message.js';
import type { EquipmentType } from '../domain/equipment.js';
import type { FrameResult } from '../domain/frame-result.js';
import { type PolicySet, policyById } from '../domain/policy.js';
import type { AlertLedger, AlertPublisher } from './ports.js';

/** What deciding and publishing an alert needs; module scope wires the real adapters. */
export interface PublishAlertDeps {
  publisher: AlertPublisher;
  ledger: AlertLedger;
  /** For each frame's cooldown, found by the id of the policy it was judged by. */
  policies: PolicySet;
  /** Called once per alert published or held back, for metrics and logs. */
  onOutcome?: (outcome: 'published' | 'held', frameId: string) => void;
}

/** What became of a frame's alert: published, held back by the cooldown, or nothing to do. */
export type AlertOutcome = 'published' | 'held' | 'none';

const MAX_ATTEMPTS = 5;

/** What the cooldown weighs of a frame, and what it adds to the held-back record. */
export function alertCandidate(result: FrameResult): AlertCandidate {
  const violators = result.persons.filter((person) => person.status === 'violation');
  const violationsByEquipment: Partial<Record<EquipmentType, number>> = {};
  for (const person of violators) {
    for (const type of filterableMissing(person, result.requiredEquipment)) {
      violationsByEquipment[type] = (violationsByEquipment[type] ?? 0) + 1;
    }
  }
  return {
    frameId: result.frameId,
    capturedAt: result.capturedAt,
    ...(result.location ? { location: result.location } : {}),
    missingEquipment: [...new Set(violators.flatMap((person) => person.missingEquipment))],
    violationsByEquipment,
    violations: violators.length,
  };
}

/**
 * Decides and publishes the alert of a stored frame that raised one, once: within a camera's
 * cooldown it is held back and counted, and the next alert reports it, or else the digest when
 * the cooldown ends (see send-digests.ts). The right to publish is reserved in the ledger before
 * the publisher is called, so that a failed publish is sent again when the frame is handed over
 * again, and a duplicate delivery neither alerts twice nor counts a held alert twice.
 */
export function makePublishAlert(deps: PublishAlertDeps) {
  async function publish(result: FrameResult, heldBack: HeldBack): Promise<AlertOutcome> {
    const messageId = await deps.publisher.publish(buildAlertMessage(result, heldBack));
    await deps.ledger.markSent(result.frameId, messageId);
    deps.onOutcome?.('published', result.frameId);
    return 'published';
  }

  return async function publishAlert(result: FrameResult): Promise<AlertOutcome> {
    const current = await deps.ledger.frameAlert(result.frameId);
    if (current?.state === 'PUBLISHING') return publish(result, current.heldBack);
    if (current?.state !== 'PENDING') return 'none';
    const { cooldownSeconds } = policyById(deps.policies, result.policy);
    const candidate = alertCandidate(result);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await deps.ledger.cameraState(result.cameraId);
      const decision = decideAlert(state, candidate, cooldownSeconds);
      const outcome =
        decision.action === 'hold'
          ? await deps.ledger.hold(
              result.frameId,
              result.cameraId,
              decision.state.version,
              decision.heldBack,
              decision.digestDueAt,
            )
          : await deps.ledger.reserve(
              result.frameId,
              result.cameraId,
              state?.version ?? 0,
              decision.next,
              decision.heldBack,
            );
      if (outcome === 'frame-moved-on') return 'none';
      if (outcome === 'camera-moved-on') continue;
      if (decision.action === 'hold') {
        deps.onOutcome?.('held', result.frameId);
        return 'held';
      }
      return publish(result, decision.heldBack);
    }
    throw new Error(`Camera ${result.cameraId} changed ${MAX_ATTEMPTS} times during one decision`);
  };
}

/** The function that decides and publishes a frame's alert. */
export type PublishAlert = ReturnType<typeof makePublishAlert>;
