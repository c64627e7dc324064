import type { SQSEvent, SQSRecord } from 'aws-lambda';

let sequence = 0;

/** An S3 ObjectCreated event for a key, URL-encoded the way S3 sends it. */
export function s3Event(
  key: string,
  options: { eTag?: string; bucket?: string; versionId?: string } = {},
) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: '2026-11-27T09:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: options.bucket ?? 'ingest-bucket' },
          object: {
            key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: 1000,
            eTag: options.eTag ?? `etag-${key}`,
            ...(options.versionId ? { versionId: options.versionId } : {}),
            sequencer: '00A',
          },
        },
      },
    ],
  };
}

/** An SQS message carrying a body, as the event source mapping delivers it. */
export function sqsRecord(body: unknown, receiveCount = 1): SQSRecord {
  sequence += 1;
  return {
    messageId: `message-${sequence}`,
    receiptHandle: `receipt-${sequence}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:1:ingest',
    awsRegion: 'us-east-1',
  } as SQSRecord;
}

/** A batch of SQS messages. */
export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
