import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import {
  request,
  s3ClientFor,
  s3FrameId,
  sampleImage,
  startTestRuntime,
  tableItemsFor,
  waitFor,
} from './support/local-runtime.js';

const UPLOADS = 20;

let runtime: LocalRuntime;
let s3: S3Client;

beforeAll(async () => {
  runtime = await startTestRuntime({
    queue: { visibilityTimeoutMs: 250, backoffMultiplier: 2 },
    // Unpaced, so that the burst runs into the detector's quota and its throttling.
    analysis: { rekognitionTps: 1000 },
  });
  s3 = s3ClientFor(runtime);
});
afterEach(() => {
  runtime.setDetectorQuota(undefined);
  runtime.setDetectorUnavailable(false);
});
afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
});

/** Uploads the sample frame under `UPLOADS` keys at once; resolves to their frame ids. */
function uploadBurst(prefix: string): Promise<string[]> {
  const keys = Array.from({ length: UPLOADS }, (_, n) => `incoming/${prefix}/frame-${n}.jpg`);
  return Promise.all(
    keys.map(async (key) => {
      const output = await s3.send(
        new PutObjectCommand({
          Bucket: runtime.bucket,
          Key: key,
          Body: sampleImage,
          ContentType: 'image/jpeg',
        }),
      );
      return s3FrameId(runtime.bucket, key, output.ETag ?? '');
    }),
  );
}

/** Every frame has one stored result, and nothing sits in the dead-letter list. */
async function expectEachStoredOnce(frameIds: string[], cameraId: string) {
  for (const frameId of frameIds) {
    const stored = await request(runtime, 'GET', `/frames/${frameId}`);
    expect(stored.json).toMatchObject({ frameId, cameraId, status: 'compliant' });
    const items = await tableItemsFor(runtime, frameId);
    expect(items.filter((item) => item.sk?.S === 'FRAME')).toHaveLength(1);
  }
  expect((await request(runtime, 'GET', '/local/dlq')).json).toEqual([]);
}

describe('a burst of uploads while the detector is in trouble', () => {
  it('loses nothing to an outage that outlasts the client’s retries: the queue redelivers', async () => {
    const before = runtime.detectorStats()?.answered ?? 0;
    runtime.setDetectorUnavailable(true);

    const frameIds = await uploadBurst('cam-outage');
    await waitFor(() => runtime.queueStats().received > UPLOADS, 'a redelivery');
    runtime.setDetectorUnavailable(false);
    await runtime.idle(45_000);

    expect((runtime.detectorStats()?.answered ?? 0) - before).toBe(UPLOADS);
    await expectEachStoredOnce(frameIds, 'cam-outage');
  });

  it('loses nothing while the quota throttles the burst, each frame analysed once', async () => {
    const before = runtime.detectorStats() ?? { answered: 0, throttled: 0 };
    // The quota is used up when the burst arrives, so the burst is throttled however slowly a
    // busy machine runs it; then it refills at 4 calls per second.
    runtime.setDetectorQuota(0);

    const frameIds = await uploadBurst('cam-burst');
    await waitFor(
      () => (runtime.detectorStats()?.throttled ?? 0) > before.throttled,
      'a throttled call',
    );
    runtime.setDetectorQuota(4);
    await runtime.idle(45_000);

    const after = runtime.detectorStats() ?? { answered: 0, throttled: 0 };
    expect(after.throttled - before.throttled).toBeGreaterThan(0);
    expect(after.answered - before.answered).toBe(UPLOADS);
    await expectEachStoredOnce(frameIds, 'cam-burst');
  });
});
