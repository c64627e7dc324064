import { randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** The parts of an s3rver event record that a notification is rebuilt from. */
export interface S3rverEventRecord {
  eventName: string;
  eventTime: string;
  requestParameters?: { sourceIPAddress?: string };
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string };
  };
}

/**
 * Encodes a key as S3 does in event notifications: URL-encoded, "+" for spaces, "/" kept. The
 * characters encodeURIComponent leaves alone are encoded too, as S3's form encoding does.
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Makes S3-like sequencers: hex strings that grow with every event of this process. */
export function makeSequencer(now: () => number = Date.now): () => string {
  let counter = 0;
  return () => {
    counter = (counter + 1) % 0x1000000;
    const time = now().toString(16).toUpperCase().padStart(12, '0');
    return `${time}${counter.toString(16).toUpperCase().padStart(6, '0')}`;
  };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

/**
 * The ObjectCreated notification S3 would send for an s3rver event, in the shape real S3 puts in
 * the queue message (s3rver leaves the key unencoded and its sequencer is only a timestamp).
 */
export function toS3Notification(
  record: S3rverEventRecord,
  options: { region: string; sequencer: string },
): S3Event {
  const { bucket, object } = record.s3;
  const notification: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: options.region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: `AWS:${hex(10)}` },
    requestParameters: {
      sourceIPAddress: record.requestParameters?.sourceIPAddress ?? '127.0.0.1',
    },
    responseElements: { 'x-amz-request-id': hex(8), 'x-amz-id-2': hex(32) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-ingest-notification',
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: hex(7) },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: encodeS3EventKey(object.key),
        size: object.size ?? 0,
        ...(object.eTag ? { eTag: object.eTag } : {}),
        sequencer: options.sequencer,
      },
    } as S3EventRecord['s3'],
  };
  return { Records: [notification] };
}
