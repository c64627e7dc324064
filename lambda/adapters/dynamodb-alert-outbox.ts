import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { frameKey } from './results-table-items.js';

/** The outbox side of the results table: a frame's alert is PENDING until it is published. */
export interface AlertOutbox {
  /** Records the publication; false when another delivery had already recorded it. */
  markSent(frameId: string, messageId: string): Promise<boolean>;
}

/** Marks alerts as sent on the frame record, so that the stream filter lets the update pass by. */
export function makeDynamoDbAlertOutbox(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): AlertOutbox {
  return {
    async markSent(frameId, messageId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: frameKey(frameId),
            UpdateExpression:
              'SET alertState = :sent, alertMessageId = :id, alertPublishedAt = :at',
            ConditionExpression: 'alertState = :pending',
            ExpressionAttributeValues: {
              ':sent': 'SENT',
              ':pending': 'PENDING',
              ':id': messageId,
              ':at': new Date(now()).toISOString(),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
