import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { fromFrameItem } from '../adapters/results-table-items.js';
import type { PublishAlert } from '../core/publish-alert.js';

/** What the stream handler of the alert path needs. */
export interface AlertPublisherDeps {
  publishAlert: PublishAlert;
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
 * The alert path on the results table's stream: every pending frame record goes to the alert
 * use case, so that a stored violation always gets its alert decided, even when SNS fails at
 * first (the stream retries, then its on-failure queue keeps the record). It stops at the first
 * failure so that the records after it, redelivered from there, are not handled twice.
 */
export function makeAlertPublisherHandler(deps: AlertPublisherDeps) {
  return async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    for (const record of event.Records) {
      const frame = pendingAlertFrame(record);
      if (!frame) continue;
      try {
        await deps.publishAlert(fromFrameItem(frame));
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
