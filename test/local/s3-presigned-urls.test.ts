import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { checkPresignedRequest, LOCAL_CREDENTIALS } from '../../local/s3-presigned-urls.js';

const endpoint = 'http://127.0.0.1:4569';
const client = (credentials = LOCAL_CREDENTIALS) =>
  new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
const signedAt = new Date('2026-11-27T09:00:00Z');

async function presign(key: string, expiresIn = 600, credentials = LOCAL_CREDENTIALS) {
  const url = new URL(
    await getSignedUrl(
      client(credentials),
      new GetObjectCommand({ Bucket: 'ppe-ingest', Key: key }),
      {
        expiresIn,
        signingDate: signedAt,
      },
    ),
  );
  return { method: 'GET', url: `${url.pathname}${url.search}`, headers: { host: url.host } };
}

describe('checkPresignedRequest (the local S3 checks presigned URLs as S3 does)', () => {
  it('accepts a URL the SDK presigned with the local key, before it expires', async () => {
    const request = await presign('blurred/f 1+(x).jpg');
    expect(checkPresignedRequest(request, signedAt.getTime() + 599_000)).toBeUndefined();
  });

  it('refuses it once expired', async () => {
    const request = await presign('blurred/f-1.jpg', 600);
    expect(checkPresignedRequest(request, signedAt.getTime() + 601_000)).toMatchObject({
      status: 403,
      code: 'AccessDenied',
    });
  });

  it('refuses a URL changed after signing: another key, or another signature', async () => {
    const request = await presign('blurred/f-1.jpg');
    const otherKey = { ...request, url: request.url.replace('blurred/f-1.jpg', 'frames/f-1.jpg') };
    expect(checkPresignedRequest(otherKey, signedAt.getTime())).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const otherHost = { ...request, headers: { host: '127.0.0.1:9999' } };
    expect(checkPresignedRequest(otherHost, signedAt.getTime())?.code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('refuses an expiry over a week, and checks only the expiry of keys it has no secret for', async () => {
    const other = { accessKeyId: 'camera', secretAccessKey: 'whatever' } as never;
    const request = await presign('incoming/a.jpg', 600, other);
    expect(checkPresignedRequest(request, signedAt.getTime())).toBeUndefined();
    expect(checkPresignedRequest(request, signedAt.getTime() + 601_000)?.code).toBe('AccessDenied');
    const long = {
      ...request,
      url: request.url.replace('X-Amz-Expires=600', 'X-Amz-Expires=604801'),
    };
    expect(checkPresignedRequest(long, signedAt.getTime())?.status).toBe(400);
  });

  it('leaves requests without query-string authentication to s3rver', () => {
    expect(
      checkPresignedRequest({ method: 'GET', url: '/ppe-ingest/a.jpg', headers: {} }),
    ).toBeUndefined();
  });
});
