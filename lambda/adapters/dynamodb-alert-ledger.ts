import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AlertLedger, AlertLedgerOutcome, AlertState } from '../core/ports.js';
import { type CameraAlertState, type HeldBack, NOTHING_HELD } from '../domain/alert-cooldown.js';
import { frameKey } from './results-table-items.js';

/** The item of a camera's alert state. */
export const cameraKey = (cameraId: string) => ({ pk: `CAMERA#${cameraId}`, sk: 'ALERTS' });

/** Partition of the cameras due for a digest, sorted by due time. */
export const DIGESTS_PARTITION = 'DIGESTS';

/**
 * The marker that a camera's cooldown ending at `dueAt` held something back: one item per camera
 * and cooldown, so that the digest function finds the due ones with one Query, not a Scan.
 */
export const digestMarkerKey = (dueAt: string, cameraId: string) => ({
  pk: DIGESTS_PARTITION,
  sk: `${dueAt}#${cameraId}`,
});

/** A camera state item as stored, with defaults for what older items lack. */
export function toCameraState(item: Record<string, unknown>): CameraAlertState {
  const { version, lastAlertAt, cooldownEndsAt, alertedMissing, heldBack } =
    item as Partial<CameraAlertState>;
  return {
    version: version ?? 0,
    lastAlertAt: lastAlertAt ?? '',
    cooldownEndsAt: cooldownEndsAt ?? '',
    alertedMissing: alertedMissing ?? [],
    heldBack: { ...NOTHING_HELD, ...heldBack },
  };
}

async function transact(
  client: DynamoDBDocumentClient,
  command: TransactWriteCommand,
): Promise<AlertLedgerOutcome> {
  try {
    await client.send(command);
    return 'done';
  } catch (error) {
    const { name, CancellationReasons } = error as {
      name?: string;
      CancellationReasons?: { Code?: string }[];
    };
    if (name !== 'TransactionCanceledException') throw error;
    if (CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'frame-moved-on';
    if (CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') return 'camera-moved-on';
    throw error;
  }
}

/**
 * The alert ledger in the results table: the frame record's `alertState`, and one item per
 * camera (pk `CAMERA#<cameraId>`, sk `ALERTS`) with its cooldown. Each step changes both in one
 * transaction, conditional on the frame still pending and the camera's version unchanged, so
 * that concurrent or retried deliveries neither alert twice nor count a held alert twice. A hold
 * also writes the camera's digest marker in the same transaction.
 */
export function makeDynamoDbAlertLedger(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): AlertLedger {
  const pendingFrame = (frameId: string, update: string, values: Record<string, unknown>) => ({
    TableName: tableName,
    Key: frameKey(frameId),
    UpdateExpression: update,
    ConditionExpression: 'alertState = :pending',
    ExpressionAttributeValues: { ':pending': 'PENDING', ...values },
  });

  return {
    async frameAlert(frameId) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: frameKey(frameId),
          ProjectionExpression: 'alertState, alertHeldBack',
          ConsistentRead: true,
        }),
      );
      if (!Item?.alertState) return undefined;
      return {
        state: Item.alertState as AlertState,
        heldBack: (Item.alertHeldBack as HeldBack | undefined) ?? { frames: 0, violations: 0 },
      };
    },

    async cameraState(cameraId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: cameraKey(cameraId), ConsistentRead: true }),
      );
      return Item ? toCameraState(Item) : undefined;
    },

    hold(frameId, cameraId, expectedVersion, heldBack, digestDueAt) {
      return transact(
        client,
        new TransactWriteCommand({
          TransactItems: [
            { Update: pendingFrame(frameId, 'SET alertState = :held', { ':held': 'HELD' }) },
            {
              Update: {
                TableName: tableName,
                Key: cameraKey(cameraId),
                UpdateExpression:
                  'SET version = :next, heldBack = :heldBack, cooldownEndsAt = :dueAt',
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: {
                  ':version': expectedVersion,
                  ':next': expectedVersion + 1,
                  ':heldBack': heldBack,
                  ':dueAt': digestDueAt,
                },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...digestMarkerKey(digestDueAt, cameraId), cameraId, dueAt: digestDueAt },
              },
            },
          ],
        }),
      );
    },

    reserve(frameId, cameraId, expectedVersion, next, heldBack) {
      return transact(
        client,
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: pendingFrame(
                frameId,
                'SET alertState = :publishing, alertHeldBack = :heldBack',
                {
                  ':publishing': 'PUBLISHING',
                  ':heldBack': heldBack,
                },
              ),
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...cameraKey(cameraId), cameraId, version: expectedVersion + 1, ...next },
                ConditionExpression: 'attribute_not_exists(pk) OR version = :version',
                ExpressionAttributeValues: { ':version': expectedVersion },
              },
            },
          ],
        }),
      );
    },

    async markSent(frameId, messageId) {
      // A redelivery that published again finds the frame SENT already: nothing to record.
      await client
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: frameKey(frameId),
            UpdateExpression:
              'SET alertState = :sent, alertMessageId = :id, alertPublishedAt = :at',
            ConditionExpression: 'alertState = :publishing',
            ExpressionAttributeValues: {
              ':sent': 'SENT',
              ':publishing': 'PUBLISHING',
              ':id': messageId,
              ':at': new Date(now()).toISOString(),
            },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}
