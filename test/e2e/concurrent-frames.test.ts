import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SAMPLES, type LocalRuntime } from '../../local/start-local-runtime.js';
import { request, sampleImage, startTestRuntime } from './support/local-runtime.js';

const SAMPLE_RECORDING = `${createHash('sha256').update(sampleImage).digest('hex')}.json`;

let runtime: LocalRuntime;
let replayDir: string;
/** The sample frame at 640 pixels wide, recorded with the sample's response (boxes are ratios). */
let smallFrame: Buffer;

beforeAll(async () => {
  // Twenty 2.5 MB bodies decoded in this one process would stall the table's stand-in for
  // seconds; a small frame keeps the test about concurrent commits.
  smallFrame = await sharp(sampleImage).resize({ width: 640 }).jpeg().toBuffer();
  replayDir = await mkdtemp(join(tmpdir(), 'ppe-replay-'));
  const smallRecording = `${createHash('sha256').update(smallFrame).digest('hex')}.json`;
  await copyFile(join(BUNDLED_SAMPLES, SAMPLE_RECORDING), join(replayDir, smallRecording));
  await writeFile(join(replayDir, 'README.md'), 'Recordings for the concurrency test.\n');
  runtime = await startTestRuntime({ replayDir });
});
afterAll(async () => {
  await runtime?.stop();
  if (replayDir) await rm(replayDir, { recursive: true, force: true });
});

describe('frames of one camera sent at once, on the local runtime', () => {
  it('answers every one with 200 and counts each once, with one detector call each', async () => {
    const image = smallFrame.toString('base64');
    const before = runtime.detectorStats()?.answered ?? 0;
    const seconds = Array.from({ length: 20 }, (_, n) => String(n).padStart(2, '0'));

    // Every frame falls in the same hour: all 20 commits update one statistics item.
    const replies = await Promise.all(
      seconds.map((second) =>
        request(runtime, 'POST', '/frames', {
          image,
          cameraId: 'cam-burst',
          location: 'dock-1',
          capturedAt: `2026-11-27T10:00:${second}Z`,
        }),
      ),
    );

    expect(replies.map((reply) => reply.status)).toEqual(seconds.map(() => 200));
    expect((runtime.detectorStats()?.answered ?? 0) - before).toBe(20);
    const report = await request(
      runtime,
      'GET',
      '/reports/compliance?from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z&groupBy=camera',
    );
    expect(report.status).toBe(200);
    const group = report.json.groups.find(
      (candidate: { camera: string }) => candidate.camera === 'cam-burst',
    );
    expect(group.total).toMatchObject({ frames: 20, persons: 80 });
  });
});
