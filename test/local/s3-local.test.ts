import {
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../local/s3-local.js';

let s3: LocalS3;
let client: S3Client;
const Bucket = 'ingest';

beforeAll(async () => {
  s3 = await startLocalS3({
    port: 0,
    bucket: Bucket,
    region: 'us-east-1',
    notifyPrefix: 'incoming/',
    onNotification: () => {},
  });
  client = new S3Client({
    endpoint: s3.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'camera', secretAccessKey: 'camera' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

describe('the local S3 stand-in answers as S3 does', () => {
  it('answers HeadObject with 412 when If-Match names another ETag, 200 when it matches', async () => {
    const { ETag } = await client.send(
      new PutObjectCommand({ Bucket, Key: 'incoming/a.jpg', Body: 'first' }),
    );

    const stale = client.send(
      new HeadObjectCommand({ Bucket, Key: 'incoming/a.jpg', IfMatch: '"0123456789abcdef"' }),
    );
    await expect(stale).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    const current = await client.send(
      new HeadObjectCommand({ Bucket, Key: 'incoming/a.jpg', IfMatch: ETag }),
    );

    expect(current.ETag).toBe(ETag);
  });

  it('answers NoSuchKey to tagging a key that does not exist', async () => {
    const tagging = client.send(
      new PutObjectTaggingCommand({
        Bucket,
        Key: 'incoming/missing.jpg',
        Tagging: { TagSet: [{ Key: 'ppe-status', Value: 'rejected' }] },
      }),
    );

    await expect(tagging).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
