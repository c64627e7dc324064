import {
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { makePng } from '../support/images.js';
import {
  alertsFor,
  request,
  s3ClientFor,
  s3FrameId,
  sampleImage,
  startTestRuntime,
  waitFor,
} from './support/local-runtime.js';

let runtime: LocalRuntime;
let s3: S3Client;

beforeAll(async () => {
  runtime = await startTestRuntime();
  s3 = s3ClientFor(runtime);
});
afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
});

/** Uploads an object as a camera gateway would, and returns the S3 path's frame id for it. */
async function upload(
  key: string,
  body: Uint8Array,
  contentType: string,
  metadata: Record<string, string> = {},
): Promise<string> {
  const output = await s3.send(
    new PutObjectCommand({
      Bucket: runtime.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      Metadata: metadata,
    }),
  );
  return s3FrameId(runtime.bucket, key, output.ETag ?? '');
}

describe('an upload under incoming/ on the local runtime', () => {
  it('gives a stored result with the camera metadata, found by GET /frames/{frameId}', async () => {
    const frameId = await upload('incoming/gate 7/shift+1 (a).jpg', sampleImage, 'image/jpeg', {
      'camera-id': 'cam-07',
      location: 'dock-2',
      'captured-at': '2026-11-27T08:30:00Z',
      'required-equipment': 'HAND_COVER',
    });
    await runtime.idle();

    const stored = await request(runtime, 'GET', `/frames/${frameId}`);

    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({
      frameId,
      cameraId: 'cam-07',
      location: 'dock-2',
      capturedAt: '2026-11-27T08:30:00.000Z',
      source: 's3',
      requiredEquipment: ['HAND_COVER'],
      status: 'violation',
      alert: true,
    });
    expect(stored.json.persons).toHaveLength(4);
    const alerts = await alertsFor(runtime, frameId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ attributes: { cameraId: 'cam-07', location: 'dock-2' } });
  });

  it('takes the camera id from the key when the metadata has none', async () => {
    const frameId = await upload('incoming/cam-09/frame.jpg', sampleImage, 'image/jpeg');
    await runtime.idle();

    const stored = await request(runtime, 'GET', `/frames/${frameId}`);

    expect(stored.json).toMatchObject({ cameraId: 'cam-09', status: 'compliant', alert: false });
  });

  it('keeps one result, one detector call and one alert when the same S3 event comes twice', async () => {
    const key = 'incoming/cam-11/twice.jpg';
    const frameId = await upload(key, sampleImage, 'image/jpeg', {
      'required-equipment': 'HAND_COVER',
    });
    await runtime.idle();
    const first = await request(runtime, 'GET', `/frames/${frameId}`);
    const queue = await request(runtime, 'GET', '/local/queue');
    const notification = queue.json.messages.find(
      (message: { body: { Records?: { s3: { object: { key: string } } }[] } }) =>
        message.body.Records?.[0]?.s3.object.key === key,
    );
    const callsBefore = runtime.detectorStats()?.answered;
    const processedBefore = queue.json.processed;

    const resent = await request(runtime, 'POST', '/local/queue', notification.body);
    await runtime.idle();

    expect(resent.status).toBe(202);
    expect((await request(runtime, 'GET', '/local/queue')).json.processed).toBe(
      processedBefore + 1,
    );
    expect(runtime.detectorStats()?.answered).toBe(callsBefore);
    expect((await request(runtime, 'GET', `/frames/${frameId}`)).json).toEqual(first.json);
    expect(await alertsFor(runtime, frameId)).toHaveLength(1);
  });
});

describe('an upload that changes before it is analysed, on the local runtime', () => {
  /** Holds the detector down until the first analysis of an upload has failed. */
  async function failFirstAnalysis(upload: () => Promise<string>): Promise<string> {
    const errorsBefore = runtime.detectorStats()?.errors ?? 0;
    runtime.setDetectorUnavailable(true);
    const frameId = await upload();
    await waitFor(
      () => (runtime.detectorStats()?.errors ?? 0) > errorsBefore,
      'the first analysis to fail',
    );
    return frameId;
  }

  /**
   * Waits for a redelivery to store the frame while the detector is still down, so that no
   * delivery that checked the object before it changed can reach the detector afterwards.
   */
  async function storedFrame(frameId: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await request(runtime, 'GET', `/frames/${frameId}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for frame ${frameId}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('stores an object deleted before its analysis as a rejection, with nothing in the DLQ', async () => {
    const key = 'incoming/cam-12/deleted.jpg';
    const frameId = await failFirstAnalysis(() => upload(key, sampleImage, 'image/jpeg'));

    await s3.send(new DeleteObjectCommand({ Bucket: runtime.bucket, Key: key }));
    await storedFrame(frameId);
    runtime.setDetectorUnavailable(false);
    await runtime.idle();

    const stored = await request(runtime, 'GET', `/frames/${frameId}`);
    expect(stored.json).toMatchObject({
      frameId,
      cameraId: 'cam-12',
      status: 'rejected',
      rejection: { reason: 'unreadable', message: expect.stringMatching(/deleted or expired/) },
    });
    const dlq = await request(runtime, 'GET', '/local/dlq');
    expect(JSON.stringify(dlq.json)).not.toContain(key);
  });

  it('does not analyse the new bytes of an overwritten object under the old event', async () => {
    const key = 'incoming/cam-13/overwritten.jpg';
    const first = await failFirstAnalysis(() => upload(key, sampleImage, 'image/jpeg'));

    // The new bytes are refused before any analysis, so their own outcome is plain to see.
    const second = await upload(key, Buffer.from('shift notes'), 'text/plain');
    await storedFrame(first);
    runtime.setDetectorUnavailable(false);
    await runtime.idle();

    const old = await request(runtime, 'GET', `/frames/${first}`);
    const current = await request(runtime, 'GET', `/frames/${second}`);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: runtime.bucket, Key: key }));
    expect(old.json).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'unreadable', message: expect.stringMatching(/overwritten/) },
    });
    expect(current.json).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'not-an-image' },
    });
    expect(tags.TagSet).toContainEqual({ Key: 'ppe-reason', Value: 'not-an-image' });
  });
});

describe('an upload that cannot be analysed, on the local runtime', () => {
  const cases: [string, string, Uint8Array, string, string][] = [
    [
      'a text file',
      'incoming/cam-01/notes.txt',
      Buffer.from('shift notes'),
      'text/plain',
      'not-an-image',
    ],
    [
      'text sent as a JPEG',
      'incoming/cam-01/fake.jpg',
      Buffer.from('not really a jpeg'),
      'image/jpeg',
      'not-an-image',
    ],
  ];

  it.each(cases)(
    'stores %s as a rejection and tags the object',
    async (_name, key, body, type, reason) => {
      const frameId = await upload(key, body, type);
      await runtime.idle();

      const stored = await request(runtime, 'GET', `/frames/${frameId}`);
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: runtime.bucket, Key: key }));

      expect(stored.json).toMatchObject({ frameId, status: 'rejected', rejection: { reason } });
      expect(tags.TagSet).toEqual(
        expect.arrayContaining([
          { Key: 'ppe-status', Value: 'rejected' },
          { Key: 'ppe-reason', Value: reason },
        ]),
      );
    },
  );

  it('leaves none of them in the dead-letter list', async () => {
    const dlq = await request(runtime, 'GET', '/local/dlq');

    const keys = (dlq.json as { body: { Records: { s3: { object: { key: string } } }[] } }[]).map(
      (letter) => letter.body.Records[0]?.s3.object.key,
    );
    expect(keys.filter((key) => cases.some(([, caseKey]) => caseKey === key))).toEqual([]);
  });
});

describe('an upload the replay has no recording for, on the local runtime', () => {
  it('stores no rejection and no tag, and ends in the dead-letter list after its retries', async () => {
    const key = 'incoming/cam-01/blank.png';
    const frameId = await upload(key, makePng(640, 480), 'image/png');
    await runtime.idle();

    const stored = await request(runtime, 'GET', `/frames/${frameId}`);
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: runtime.bucket, Key: key }));
    const dlq = await request(runtime, 'GET', '/local/dlq');

    expect(stored.status).toBe(404);
    expect(tags.TagSet).toEqual([]);
    // Other tests share the runtime: only this upload's entries count here.
    const entries = (dlq.json as unknown[]).filter((entry) => JSON.stringify(entry).includes(key));
    expect(entries).toEqual([
      expect.objectContaining({
        receiveCount: 5,
        body: expect.objectContaining({
          Records: [
            expect.objectContaining({
              s3: expect.objectContaining({ object: expect.objectContaining({ key }) }),
            }),
          ],
        }),
      }),
    ]);
  });
});
