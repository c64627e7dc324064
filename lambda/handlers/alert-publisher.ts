import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AlertOutbox } from '../adapters/dynamodb-alert-outbox.js';
import { fromFrameItem } from '../adapters/results-table-items.js';
import type { AlertPublisher } from '../core/ports.js';
import { buildAlertMessage } from '../domain/alert-message.js';

/** What the alert publisher needs. */
export interface AlertPublisherDeps {
  publisher: AlertPublisher;
  outbox: AlertOutbox;
  /** Called once per alert published, for the Alerts metric. */
  onPublished?: (frameId: string, messageId: string) => void;
  logError: (message: string, details: Record<string, unknown>) => void;
}

/** The frame record in a stream record, when it is one whose alert is still to be sent. */
export function pendingAlertFrame(record: DynamoDBRecord): Record<string, unknown> | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return item.sk === 'FRAME' && item.alertState === 'PENDING' ? item : undefined;
}

/**
 * Publishes the alert of every stored frame that raised one, from the table's stream: a stored
 * violation always gets its alert, even when SNS fails at first (the stream retries, then its
 * on-failure queue keeps the record). It stops at the first failure so that the records after
 * it, redelivered from there, are not published twice.
 */
export function makeAlertPublisherHandler(deps: AlertPublisherDeps) {
  return async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    for (const record of event.Records) {
      const frame = pendingAlertFrame(record);
      if (!frame) continue;
      try {
        const message = buildAlertMessage(fromFrameItem(frame));
        const messageId = await deps.publisher.publish(message);
        await deps.outbox.markSent(message.body.frameId, messageId);
        deps.onPublished?.(message.body.frameId, messageId);
      } catch (error) {
        deps.logError('Alert not published; the stream will retry it', {
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
