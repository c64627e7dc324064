import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import {
  request,
  s3ClientFor,
  s3FrameId,
  sampleImage,
  startTestRuntime,
  tableItemsFor,
} from './support/local-runtime.js';

let runtime: LocalRuntime;
let frameId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const reply = await request(runtime, 'POST', '/frames', {
    image: sampleImage.toString('base64'),
    cameraId: 'cam-01',
    requiredEquipment: ['FACE_COVER'],
  });
  expect(reply.status).toBe(200);
  frameId = reply.json.frameId;
});
afterAll(async () => {
  await runtime?.stop();
});

describe('frame images on the local runtime', () => {
  it('keeps the POSTed image under frames/ and never shows where in GET /frames/{frameId}', async () => {
    const kept = await s3ClientFor(runtime).send(
      new GetObjectCommand({ Bucket: runtime.bucket, Key: `frames/${frameId}.jpg` }),
    );
    const bytes = await kept.Body?.transformToByteArray();
    expect(Buffer.from(bytes ?? []).equals(sampleImage)).toBe(true);
    const frame = await request(runtime, 'GET', `/frames/${frameId}`);
    expect(frame.status).toBe(200);
    expect(frame.json.image).toBeUndefined();
  });

  it('answers a presigned URL on the local S3 that a browser loads: a JPEG the size of the frame', async () => {
    const reply = await request(runtime, 'GET', `/frames/${frameId}/image`);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ variant: 'blurred', width: 1920, height: 1280 });
    expect(reply.json.url).toMatch(
      new RegExp(
        `^${runtime.urls.s3}/${runtime.bucket}/blurred/${frameId}\\.jpg\\?.*X-Amz-Signature=`,
      ),
    );
    const expiresIn = Date.parse(reply.json.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60 * 1000);

    const image = await fetch(reply.json.url);
    expect(image.status).toBe(200);
    const bytes = Buffer.from(await image.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 1920, height: 1280 });
    expect(bytes.equals(sampleImage)).toBe(false);

    // A tampered signature is refused: the local S3 checks presigned URLs as S3 does.
    const tampered = reply.json.url.replace(
      /X-Amz-Signature=[0-9a-f]+/,
      `X-Amz-Signature=${'0'.repeat(64)}`,
    );
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('gives auditors the original and records each access in the frame trail', async () => {
    const reply = await request(runtime, 'GET', `/frames/${frameId}/image/original`);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ variant: 'original', width: 1920, height: 1280 });
    const original = Buffer.from(await (await fetch(reply.json.url)).arrayBuffer());
    expect(original.equals(sampleImage)).toBe(true);

    const items = await tableItemsFor(runtime, frameId);
    const accesses = items.filter((item) => item.sk?.S?.startsWith('ACCESS#'));
    expect(accesses).toHaveLength(1);
    expect(accesses[0]).toMatchObject({
      kind: { S: 'original-image-access' },
      by: { S: 'local' },
      at: { S: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    // The trail item does not turn into a person of the stored frame.
    const frame = await request(runtime, 'GET', `/frames/${frameId}`);
    expect(frame.json.persons).toHaveLength(4);
    // Auditors read who fetched the original in the frame's trail.
    const trail = await request(runtime, 'GET', `/frames/${frameId}/reviews`);
    expect(trail.json.originalImageAccesses).toEqual([{ by: 'local', at: accesses[0]?.at?.S }]);
  });

  it('serves an S3-path frame from the upload itself, blurred and original', async () => {
    const key = 'incoming/cam-02/frame (1).jpg';
    const put = await s3ClientFor(runtime).send(
      new PutObjectCommand({
        Bucket: runtime.bucket,
        Key: key,
        Body: sampleImage,
        ContentType: 'image/jpeg',
      }),
    );
    const uploaded = s3FrameId(runtime.bucket, key, put.ETag ?? '');
    await runtime.idle();

    const blurred = await request(runtime, 'GET', `/frames/${uploaded}/image`);
    expect(blurred.status).toBe(200);
    expect(blurred.json).toMatchObject({ variant: 'blurred', width: 1920, height: 1280 });
    const copy = Buffer.from(await (await fetch(blurred.json.url)).arrayBuffer());
    expect((await sharp(copy).metadata()).format).toBe('jpeg');

    const original = await request(runtime, 'GET', `/frames/${uploaded}/image/original`);
    expect(original.status).toBe(200);
    expect(new URL(original.json.url).pathname).toBe(
      `/${runtime.bucket}/incoming/cam-02/frame%20%281%29.jpg`,
    );
    const bytes = Buffer.from(await (await fetch(original.json.url)).arrayBuffer());
    expect(bytes.equals(sampleImage)).toBe(true);
  });

  it('answers 404 FRAME_NOT_FOUND and 400 INVALID_FRAME_ID', async () => {
    const unknown = await request(runtime, 'GET', '/frames/no-such-frame/image');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('FRAME_NOT_FOUND');
    const bad = await request(runtime, 'GET', '/frames/bad%20id/image');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('INVALID_FRAME_ID');
  });
});
