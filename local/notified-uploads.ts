import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { encodeS3EventKey, makeSequencer, toS3Notification } from './s3-notification.js';

/** One object version, as a notification names it: the URL-encoded key and the bare ETag. */
const versionOf = (encodedKey: string, eTag: string | undefined) =>
  `${encodedKey} ${(eTag ?? '').replace(/"/g, '')}`;

/** The object versions that S3 event bodies (queue messages) name. */
export function versionsIn(bodies: string[]): Set<string> {
  const versions = new Set<string>();
  for (const body of bodies) {
    try {
      const event = JSON.parse(body) as Partial<S3Event>;
      for (const record of event.Records ?? []) {
        versions.add(versionOf(record.s3.object.key, record.s3.object.eTag));
      }
    } catch {
      // Not an S3 event (a message sent by hand): it names no upload.
    }
  }
  return versions;
}

/**
 * The uploads whose ObjectCreated notification reached the ingest queue, in an append-only,
 * fsync'd file under the data directory. An object in the bucket that is neither here nor in
 * the queue was stored by a runtime that died before it could notify.
 */
export class NotifiedUploads {
  private readonly versions: Set<string>;

  constructor(private readonly file: string) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    // A last line cut short by a crash names no upload; its object is simply notified again.
    this.versions = new Set(text.split('\n').filter((line) => line.includes(' ')));
  }

  has(encodedKey: string, eTag: string | undefined): boolean {
    return this.versions.has(versionOf(encodedKey, eTag));
  }

  /** Notes the uploads of a notification the queue accepted. */
  record(event: S3Event): void {
    const lines = event.Records.map((record) =>
      versionOf(record.s3.object.key, record.s3.object.eTag),
    );
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const line of lines) this.versions.add(line);
  }
}

/** Where the bucket is and what counts as notified. */
export interface UnnotifiedUploadsOptions {
  s3Url: string;
  bucket: string;
  region: string;
  prefix: string;
  notified: NotifiedUploads;
  /** Object versions that messages in the queue (or its dead-letter list) name. */
  queued: Set<string>;
  /** Sends the notification S3 would have sent. */
  notify: (event: S3Event) => void;
}

/**
 * Sends the ObjectCreated notification for every object under the prefix that was never
 * notified: stored by a runtime that died between storing it and notifying the queue. Returns
 * their keys.
 */
export async function notifyUnnotifiedUploads(
  options: UnnotifiedUploadsOptions,
): Promise<string[]> {
  const client = new S3Client({
    endpoint: options.s3Url,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const recovered: string[] = [];
  const sequencer = makeSequencer();
  try {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          Prefix: options.prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const encodedKey = encodeS3EventKey(object.Key);
        if (options.notified.has(encodedKey, object.ETag)) continue;
        if (options.queued.has(versionOf(encodedKey, object.ETag))) continue;
        const eTag = (object.ETag ?? '').replace(/"/g, '');
        const event = toS3Notification(
          {
            eventName: 'ObjectCreated:Put',
            eventTime: (object.LastModified ?? new Date()).toISOString(),
            s3: {
              bucket: { name: options.bucket },
              object: { key: object.Key, size: object.Size ?? 0, ...(eTag ? { eTag } : {}) },
            },
          },
          { region: options.region, sequencer: sequencer() },
        );
        options.notify(event);
        recovered.push(object.Key);
      }
      token = page.NextContinuationToken;
    } while (token);
  } finally {
    client.destroy();
  }
  return recovered;
}
