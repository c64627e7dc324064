import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DigestLedger, DueDigest } from '../core/ports.js';
import { NOTHING_HELD } from '../domain/alert-cooldown.js';
import type { DigestBody } from '../domain/digest-message.js';
import { cameraKey, DIGESTS_PARTITION, toCameraState } from './dynamodb-alert-ledger.js';

function cancelled(error: unknown): boolean {
  return (error as { name?: string }).name === 'TransactionCanceledException';
}

/**
 * The digest ledger in the results table: markers (pk `DIGESTS`, sk `<dueAt>#<cameraId>`)
 * written by the alert publisher when it holds an alert back, and claimed digests (the same
 * partition, sk `<dueAt>#<cameraId>#<version>`), an outbox that survives a failed publish.
 */
export function makeDynamoDbDigestLedger(
  client: DynamoDBDocumentClient,
  tableName: string,
): DigestLedger {
  return {
    async due(now) {
      const found: DueDigest[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            // '$' sorts right after '#': every sk whose due time is at or before now.
            KeyConditionExpression: 'pk = :digests AND sk < :bound',
            ExpressionAttributeValues: { ':digests': DIGESTS_PARTITION, ':bound': `${now}$` },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const key = { pk: String(item.pk), sk: String(item.sk) };
          found.push(
            item.digest
              ? { kind: 'claimed', key, body: item.digest as DigestBody }
              : { kind: 'marker', key, cameraId: String(item.cameraId), dueAt: String(item.dueAt) },
          );
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return found;
    },

    async cameraState(cameraId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: cameraKey(cameraId), ConsistentRead: true }),
      );
      return Item ? toCameraState(Item) : undefined;
    },

    async claim(marker, state, body) {
      const claimed = { pk: DIGESTS_PARTITION, sk: `${marker.key.sk}#${state.version}` };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: cameraKey(marker.cameraId),
                  UpdateExpression: 'SET version = :next, heldBack = :nothing',
                  ConditionExpression: 'version = :version',
                  ExpressionAttributeValues: {
                    ':version': state.version,
                    ':next': state.version + 1,
                    ':nothing': NOTHING_HELD,
                  },
                },
              },
              { Delete: { TableName: tableName, Key: marker.key } },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...claimed, digest: body },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return claimed;
      } catch (error) {
        if (cancelled(error)) return undefined;
        throw error;
      }
    },

    async drop(marker, version) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: cameraKey(marker.cameraId),
                  ...(version === undefined
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : {
                        ConditionExpression: 'version = :version',
                        ExpressionAttributeValues: { ':version': version },
                      }),
                },
              },
              { Delete: { TableName: tableName, Key: marker.key } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancelled(error)) return false;
        throw error;
      }
    },

    async sent(claimed) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: claimed }));
    },
  };
}
