import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, startTestRuntime } from '../e2e/support/local-runtime.js';
import { jsonLines, makeVideo, runAgent, summaryOf, tempDir } from './support/agent-process.js';

const SAMPLE_RECORDING = new URL(
  '../../local/samples/f58afe713a7fe0f633150c7fd621f6606882527c80f98114c3c50861fd82dcdf.json',
  import.meta.url,
);
const dir = tempDir();
const crossing = join(dir, 'crossing.mp4');
const START = '2026-11-27T09:00:00Z';
const replayDir = tempDir();
let runtime: LocalRuntime;

/**
 * The replay detector knows only recorded images. The agent's picks and JPEG bytes are the same
 * for the same file, so a dry run tells which frames it will send: each gets the sample's
 * recording (four workers), and the real run's frames are then analysed and stored.
 */
beforeAll(async () => {
  makeVideo(crossing, { seconds: 12, crossFrom: 4, crossTo: 8 });
  const save = tempDir();
  const dry = await runAgent([
    'video',
    crossing,
    '--camera-id',
    'cam-01',
    '--start-time',
    START,
    '--heartbeat',
    '0',
    '--dry-run',
    '--save',
    save,
  ]);
  expect(dry.code).toBe(0);
  for (const name of readdirSync(save).filter((n) => n.endsWith('.jpg'))) {
    const sha = createHash('sha256')
      .update(readFileSync(join(save, name)))
      .digest('hex');
    copyFileSync(SAMPLE_RECORDING, join(replayDir, `${sha}.json`));
  }
  runtime = await startTestRuntime({ replayDir });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('ppe-agent against the local runtime (npm start, --auth none)', () => {
  it('delivers the picked frames of a video and their results are stored', async () => {
    const spool = tempDir();
    const { code, stdout } = await runAgent([
      'video',
      crossing,
      '--camera-id',
      'cam-01',
      '--start-time',
      START,
      '--heartbeat',
      '0',
      '--endpoint',
      runtime.urls.api,
      '--auth',
      'none',
      '--spool-dir',
      spool,
      '--location',
      'plant-3/line-2',
      '--required-equipment',
      'HAND_COVER',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(summaryOf(stdout, 'cam-01').delivered).toBe(3);
    const { status, json } = await request(runtime, 'GET', '/cameras/cam-01/frames');
    expect(status).toBe(200);
    const frames = (json.frames ?? json.items) as {
      capturedAt: string;
      location: string;
      status: string;
    }[];
    expect(frames.map((f) => f.capturedAt).sort()).toEqual([
      '2026-11-27T09:00:00.000Z',
      '2026-11-27T09:00:04.000Z',
      '2026-11-27T09:00:06.000Z',
    ]);
    expect(frames.every((f) => f.location === 'plant-3/line-2' && f.status === 'violation')).toBe(
      true,
    );
  });

  it('gets a final refusal naming the image when the replay has no recording of a frame', async () => {
    const other = makeVideo(join(dir, 'other.mp4'), { seconds: 2, crossFrom: 0, crossTo: 2 });
    const { code, stderr } = await runAgent([
      'video',
      other,
      '--camera-id',
      'cam-02',
      '--endpoint',
      runtime.urls.api,
      '--auth',
      'none',
      '--spool-dir',
      tempDir(),
      '--json',
    ]);
    const refused = jsonLines(stderr).filter((l) => l.event === 'refused');
    expect(code).toBe(0);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.status).toBe(422);
    expect(String(refused[0]?.serverMessage)).toMatch(/^NO_RECORDING: .*[0-9a-f]{64}/);
  });
});
