import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { BAD_FRAME_REQUESTS } from '../support/bad-frame-requests.js';
import { makePng } from '../support/images.js';
import { request, sampleImage, startTestRuntime } from './support/local-runtime.js';

const image = sampleImage.toString('base64');
const frame = { image, cameraId: 'cam-01', capturedAt: '2026-11-27T09:00:00Z' };

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

describe('POST /frames with bad input, over HTTP', () => {
  it.each(BAD_FRAME_REQUESTS)(
    'answers %s with the documented error',
    async (_name, body, status, code, message) => {
      const reply = await request(runtime, 'POST', '/frames', body);

      expect(reply.status).toBe(status);
      expect(reply.json.error).toMatchObject({ code, message: expect.stringMatching(message) });
    },
  );

  it('answers an Idempotency-Key with a space with 400 INVALID_IDEMPOTENCY_KEY', async () => {
    const reply = await request(runtime, 'POST', '/frames', frame, { 'Idempotency-Key': 'a b' });

    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it('answers a body over API Gateway’s 10 MB with 413, as the gateway does', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      ...frame,
      image: 'A'.repeat(11 * 1024 * 1024),
    });

    expect(reply.status).toBe(413);
    expect(reply.json.error).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      message: expect.stringMatching(/ingest bucket/),
    });
  });

  it('answers an image without a recording with 422 NO_RECORDING, saying what to do, and stores nothing', async () => {
    const unknown = { ...frame, image: makePng(640, 480).toString('base64') };
    const headers = { 'Idempotency-Key': 'no-recording-1' };

    const reply = await request(runtime, 'POST', '/frames', unknown, headers);
    const retried = await request(runtime, 'POST', '/frames', unknown, headers);

    expect(reply.status).toBe(422);
    expect(reply.json.error).toEqual({
      code: 'NO_RECORDING',
      message: expect.stringMatching(/^Add a recording for this image \(sha256 [0-9a-f]{64}\)/),
    });
    expect(reply.json.error.message).toMatch(/PPE_REPLAY_FALLBACK=.*PPE_DETECTOR=rekognition/);
    // Nothing stored: the retry is analysed again rather than answered from a stored rejection.
    expect(retried.status).toBe(422);
    expect(retried.headers.get('Idempotent-Replayed')).toBeNull();
  });
});

describe('routes that do not exist, over HTTP', () => {
  it('answers an unknown path with 404 and the contract error body', async () => {
    const reply = await request(runtime, 'GET', '/sites');

    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('answers a wrong method with 405 and the allowed one', async () => {
    const reply = await request(runtime, 'DELETE', '/frames/some-frame');

    expect(reply.status).toBe(405);
    expect(reply.headers.get('Allow')).toBe('GET');
    expect(reply.json.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers a frame id with characters no frame id has with 400 INVALID_FRAME_ID', async () => {
    const reply = await request(runtime, 'GET', '/frames/bad%24id');

    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('INVALID_FRAME_ID');
  });
});

describe('after all that bad input', () => {
  it('still analyses a good frame', async () => {
    const reply = await request(runtime, 'POST', '/frames', frame);

    expect(reply.status).toBe(200);
    expect(reply.json.persons).toHaveLength(4);
  });
});
