import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AlertLedger } from '../adapters/dynamodb-alert-ledger.js';
import { fromFrameItem } from '../adapters/results-table-items.js';
import type { AlertPublisher } from '../core/ports.js';
import { type AlertCandidate, decideAlert, type HeldBack } from '../domain/alert-cooldown.js';
import { buildAlertMessage, filterableMissing } from '../domain/alert-message.js';
import type { EquipmentType } from '../domain/equipment.js';
import type { FrameResult } from '../domain/frame-result.js';
import { type PolicySet, policyById } from '../domain/policy.js';

/** What the alert publisher needs. */
export interface AlertPublisherDeps {
  publisher: AlertPublisher;
  ledger: AlertLedger;
  /** For each frame's cooldown, found by the id of the policy it was judged by. */
  policies: PolicySet;
  /** Called once per alert published or held back, for metrics and logs. */
  onOutcome?: (outcome: 'published' | 'held', frameId: string) => void;
  logError: (message: string, details: Record<string, unknown>) => void;
}

/** The frame record in a stream record, when it is one whose alert is still to be sent. */
export function pendingAlertFrame(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return item.sk === 'FRAME' && item.alertState === 'PENDING' ? item : undefined;
}

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
 * Publishes the alert of every stored frame that raised one, from the table's stream: a stored
 * violation always gets its alert decided, even when SNS fails at first (the stream retries,
 * then its on-failure queue keeps the record). Within a camera's cooldown, alerts are held back
 * and counted; the next alert reports them, or else the digest when the cooldown ends
 * (see alert-digest.ts). It stops at the first failure so that the records
 * after it, redelivered from there, are not handled twice.
 */
export function makeAlertPublisherHandler(deps: AlertPublisherDeps) {
  async function publish(result: FrameResult, heldBack: HeldBack) {
    const messageId = await deps.publisher.publish(buildAlertMessage(result, heldBack));
    await deps.ledger.markSent(result.frameId, messageId);
    deps.onOutcome?.('published', result.frameId);
  }

  async function handle(result: FrameResult): Promise<void> {
    const current = await deps.ledger.frameAlert(result.frameId);
    if (current?.state === 'PUBLISHING') return publish(result, current.heldBack);
    if (current?.state !== 'PENDING') return;
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
      if (outcome === 'frame-moved-on') return;
      if (outcome === 'camera-moved-on') continue;
      if (decision.action === 'hold') {
        deps.onOutcome?.('held', result.frameId);
        return;
      }
      return publish(result, decision.heldBack);
    }
    throw new Error(`Camera ${result.cameraId} changed ${MAX_ATTEMPTS} times during one decision`);
  }

  return async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    for (const record of event.Records) {
      const frame = pendingAlertFrame(record);
      if (!frame) continue;
      try {
        await handle(fromFrameItem(frame));
      } catch (error) {
        deps.logError('Alert not handled; the stream will retry it', {
          frameId: frame.frameId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return {
          batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }],
        };
      }
    }
    return { batchItemFailures: [] };
  };
}
