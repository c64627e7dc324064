import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeS3ImageObjects } from '../../lambda/adapters/s3-image-objects.js';
import { makeSharpHeadBlur } from '../../lambda/adapters/sharp-head-blur.js';
import { IMAGE_URL_SECONDS, makeFrameImage } from '../../lambda/core/frame-image.js';
import type { FrameImageRecord, FrameImageRecords, ImageAccess } from '../../lambda/core/ports.js';
import { fixtureImage } from '../support/fixtures.js';

const s3 = mockClient(S3Client);
const client = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const now = new Date('2026-11-27T09:00:00.000Z');
const person = { boundingBox: { left: 0.4, top: 0.2, width: 0.2, height: 0.7 }, bodyParts: [] };
const record: FrameImageRecord = {
  status: 'violation',
  image: { key: 'frames/f-1.jpg', width: 1920, height: 1280 },
  persons: [person],
  retainUntil: 1_900_000_000,
};
const notFound = () => new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
/** The part of the SDK's stream that the adapter reads. */
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;

/** The use case over the mocked bucket; `null`: the table has no such frame. */
function setup(found: FrameImageRecord | null = record) {
  const accesses: ImageAccess[] = [];
  const records: FrameImageRecords = {
    find: vi.fn(async () => found ?? undefined),
    recordOriginalAccess: vi.fn(async (access: ImageAccess) => {
      accesses.push(access);
    }),
  };
  const sharpBlur = makeSharpHeadBlur();
  const blur = { blur: vi.fn(sharpBlur.blur) };
  const logError = vi.fn();
  const frameImage = makeFrameImage({
    records,
    objects: makeS3ImageObjects(client, 'ingest-bucket'),
    blur,
    now: () => now,
    logError,
  });
  return { frameImage, blur, accesses, logError };
}

/** An S3 bucket in memory behind the mock: HEAD, GET and PUT as S3 answers them. */
function bucket(objects: Map<string, { bytes: Uint8Array; metadata: Record<string, string> }>) {
  s3.on(HeadObjectCommand).callsFake(({ Key }) => {
    const object = objects.get(Key);
    if (!object) throw notFound();
    return { Metadata: object.metadata };
  });
  s3.on(GetObjectCommand).callsFake(({ Key }) => {
    const object = objects.get(Key);
    if (!object) throw notFound();
    return { Body: body(object.bytes) };
  });
  s3.on(PutObjectCommand).callsFake(({ Key, Body, Metadata }) => {
    objects.set(Key, { bytes: Body, metadata: Metadata ?? {} });
    return {};
  });
}

beforeEach(() => {
  s3.reset();
});

describe('frame image: the blurred copy', () => {
  it('is made on the first view, then served from the cache without a second blur', async () => {
    const objects = new Map([['frames/f-1.jpg', { bytes: fixtureImage, metadata: {} }]]);
    bucket(objects);
    const { frameImage, blur } = setup();

    const first = await frameImage({ frameId: 'f-1', variant: 'blurred', by: 'viewer' });
    expect(first).toMatchObject({ kind: 'found', variant: 'blurred', width: 1920, height: 1280 });
    expect(blur.blur).toHaveBeenCalledTimes(1);
    const copy = objects.get('blurred/f-1.jpg');
    expect(copy?.metadata).toEqual({ width: '1920', height: '1280', regions: '1' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'ingest-bucket',
      Key: 'blurred/f-1.jpg',
      ContentType: 'image/jpeg',
    });

    const second = await frameImage({ frameId: 'f-1', variant: 'blurred', by: 'viewer' });
    expect(second).toMatchObject({ kind: 'found', width: 1920, height: 1280 });
    expect(blur.blur).toHaveBeenCalledTimes(1);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('answers a presigned GET of the copy, never of the original, for at most 15 minutes', async () => {
    bucket(new Map([['frames/f-1.jpg', { bytes: fixtureImage, metadata: {} }]]));
    const outcome = await setup().frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' });
    if (outcome.kind !== 'found') throw new Error(outcome.kind);
    const url = new URL(outcome.url);
    expect(url.pathname).toBe('/blurred/f-1.jpg');
    expect(url.hostname).toBe('ingest-bucket.s3.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(IMAGE_URL_SECONDS));
    expect(IMAGE_URL_SECONDS).toBeLessThanOrEqual(900);
    expect(outcome.expiresAt).toBe(
      new Date(now.getTime() + IMAGE_URL_SECONDS * 1000).toISOString(),
    );
  });

  it('fails closed: no URL when the blur fails, and none when the copy cannot be stored', async () => {
    bucket(new Map([['frames/f-1.jpg', { bytes: Buffer.from('not a jpeg'), metadata: {} }]]));
    const broken = setup();
    expect(await broken.frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' })).toEqual({
      kind: 'blur-unavailable',
    });
    expect(broken.logError).toHaveBeenCalled();

    s3.reset();
    bucket(new Map([['frames/f-1.jpg', { bytes: fixtureImage, metadata: {} }]]));
    s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
    expect(await setup().frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' })).toEqual({
      kind: 'blur-unavailable',
    });
  });

  it('is not shown once the original is past its retention, even where the copy remains', async () => {
    bucket(
      new Map([
        ['blurred/f-1.jpg', { bytes: fixtureImage, metadata: { width: '1920', height: '1280' } }],
      ]),
    );
    expect(await setup().frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' })).toEqual({
      kind: 'image-not-found',
    });
  });

  it('answers image-not-found for a frame without an image or a rejection, frame-not-found for none', async () => {
    bucket(new Map());
    const { image: _image, ...withoutImage } = record;
    expect(
      await setup(withoutImage).frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' }),
    ).toEqual({
      kind: 'image-not-found',
    });
    expect(
      await setup({ ...record, status: 'rejected' }).frameImage({
        frameId: 'f-1',
        variant: 'original',
        by: 'v',
      }),
    ).toEqual({ kind: 'image-not-found' });
    expect(await setup(null).frameImage({ frameId: 'f-1', variant: 'blurred', by: 'v' })).toEqual({
      kind: 'frame-not-found',
    });
  });
});

describe('frame image: the original', () => {
  it('records each access, with who and when, before answering a URL of the original', async () => {
    bucket(new Map([['frames/f-1.jpg', { bytes: fixtureImage, metadata: {} }]]));
    const { frameImage, accesses, blur } = setup();
    const outcome = await frameImage({
      frameId: 'f-1',
      variant: 'original',
      by: 'arn:aws:iam::1:user/a',
    });
    expect(outcome).toMatchObject({
      kind: 'found',
      variant: 'original',
      width: 1920,
      height: 1280,
    });
    if (outcome.kind === 'found') expect(new URL(outcome.url).pathname).toBe('/frames/f-1.jpg');
    await frameImage({ frameId: 'f-1', variant: 'original', by: 'arn:aws:iam::1:user/a' });
    expect(accesses).toEqual([
      {
        frameId: 'f-1',
        by: 'arn:aws:iam::1:user/a',
        at: now.toISOString(),
        retainUntil: 1_900_000_000,
      },
      {
        frameId: 'f-1',
        by: 'arn:aws:iam::1:user/a',
        at: now.toISOString(),
        retainUntil: 1_900_000_000,
      },
    ]);
    expect(blur.blur).not.toHaveBeenCalled();
  });

  it('reads the size of an S3-path upload, whose record has none, and names its version', async () => {
    const upload = { key: 'incoming/cam-01/a.jpg', versionId: 'v1' };
    bucket(new Map([['incoming/cam-01/a.jpg', { bytes: fixtureImage, metadata: {} }]]));
    const outcome = await setup({ ...record, image: upload }).frameImage({
      frameId: 'f-1',
      variant: 'original',
      by: 'a',
    });
    expect(outcome).toMatchObject({ kind: 'found', width: 1920, height: 1280 });
    if (outcome.kind === 'found')
      expect(new URL(outcome.url).searchParams.get('versionId')).toBe('v1');
  });
});
