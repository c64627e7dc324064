import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ExportChanges, IdentifiedChange } from '../core/export-changes.js';

/** What the export's stream handler needs. */
export interface ExportStreamDeps {
  exportChanges: ExportChanges;
  logError: (message: string, details: Record<string, unknown>) => void;
}

const image = (value: unknown) =>
  value ? unmarshall(value as Record<string, AttributeValue>) : undefined;

/** A stream record as the export use case reads it. */
export function toChange(record: DynamoDBRecord): IdentifiedChange {
  const newImage = image(record.dynamodb?.NewImage);
  const oldImage = image(record.dynamodb?.OldImage);
  return {
    id: record.dynamodb?.SequenceNumber ?? '',
    eventName: record.eventName ?? 'MODIFY',
    ...(newImage ? { newImage } : {}),
    ...(oldImage ? { oldImage } : {}),
  };
}

/**
 * The export on the results table's stream: frame commits and review changes go to Firehose
 * as rows; the first change not fully written is reported as the batch's item failure, so the
 * stream retries from it (and, after its retries, the mapping's on-failure queue keeps it).
 */
export function makeExportStreamHandler(deps: ExportStreamDeps) {
  return async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const changes = event.Records.map(toChange);
    const { firstFailedId } = await deps.exportChanges(changes);
    if (firstFailedId === undefined) return { batchItemFailures: [] };
    deps.logError('Export rows not written; the stream will retry from this record', {
      sequenceNumber: firstFailedId,
    });
    return { batchItemFailures: [{ itemIdentifier: firstFailedId }] };
  };
}
