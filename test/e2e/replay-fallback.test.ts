import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SCENE_RECORDING } from '../../local/replay-recordings.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { makePng } from '../support/images.js';
import { request, sampleImage, startTestRuntime } from './support/local-runtime.js';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ replayFallback: EMPTY_SCENE_RECORDING });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('the local runtime with a replay fallback', () => {
  it('analyses an image without a recording as the fallback scene, and stores the result', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      image: makePng(640, 480).toString('base64'),
      cameraId: 'cam-new',
    });
    const stored = await request(runtime, 'GET', `/frames/${reply.json.frameId}`);

    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'empty', persons: [], modelVersion: '1.0' });
    expect(stored.json).toEqual(reply.json);
  });

  it('still answers an image that has a recording from its own recording', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      image: sampleImage.toString('base64'),
      cameraId: 'cam-new',
    });

    expect(reply.json.persons).toHaveLength(4);
  });
});
