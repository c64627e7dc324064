import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
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

/** The bad inputs of POST /frames and their documented answers (see the handler's tests). */
const cases: [string, unknown, number, string, RegExp][] = [
  ['a body that is not JSON', '{"image": ', 400, 'INVALID_JSON', /not valid JSON/],
  ['a JSON array', '[]', 400, 'INVALID_FIELD', /JSON object/],
  ['no image', { cameraId: 'cam-01' }, 400, 'INVALID_FIELD', /"image" is required/],
  ['no cameraId', { image }, 400, 'INVALID_FIELD', /"cameraId" is required/],
  ['a cameraId with a slash', { ...frame, cameraId: 'a/b' }, 400, 'INVALID_FIELD', /"cameraId"/],
  [
    'a capturedAt without a time zone',
    { ...frame, capturedAt: '2026-11-27T09:00:00' },
    400,
    'INVALID_FIELD',
    /"capturedAt" must be an ISO 8601/,
  ],
  [
    'an unknown equipment type',
    { ...frame, requiredEquipment: ['BOOTS'] },
    400,
    'INVALID_FIELD',
    /must list only FACE_COVER/,
  ],
  [
    'an empty equipment list',
    { ...frame, requiredEquipment: [] },
    400,
    'INVALID_FIELD',
    /must list at least one/,
  ],
  [
    'minConfidence below 50',
    { ...frame, minConfidence: 20 },
    400,
    'INVALID_FIELD',
    /"minConfidence" must be a number from 50 to 100/,
  ],
  [
    'minConfidence as a string',
    { ...frame, minConfidence: '80' },
    400,
    'INVALID_FIELD',
    /"minConfidence" must be a number/,
  ],
  [
    'a misspelt field',
    { ...frame, requiredEquipments: ['HEAD_COVER'] },
    400,
    'INVALID_FIELD',
    /Unknown field\(s\) "requiredEquipments"/,
  ],
  [
    'an image that is not base64',
    { ...frame, image: 'not*base64!' },
    400,
    'INVALID_BASE64',
    /base64/,
  ],
  [
    'a GIF',
    { ...frame, image: Buffer.from('GIF89a-some-gif-bytes').toString('base64') },
    400,
    'UNSUPPORTED_FORMAT',
    /not a JPEG or PNG/,
  ],
  [
    'a truncated JPEG',
    { ...frame, image: sampleImage.subarray(0, 200).toString('base64') },
    400,
    'UNSUPPORTED_FORMAT',
    /truncated or corrupt/,
  ],
  [
    'a 32x32 image',
    { ...frame, image: makePng(32, 32).toString('base64') },
    400,
    'BAD_DIMENSIONS',
    /32x32 pixels/,
  ],
  [
    'a 5000x100 image',
    { ...frame, image: makePng(5000, 100).toString('base64') },
    400,
    'BAD_DIMENSIONS',
    /5000x100/,
  ],
  [
    'an image over 4 MB',
    { ...frame, image: Buffer.alloc(4.5 * 1024 * 1024, 1).toString('base64') },
    413,
    'IMAGE_TOO_LARGE',
    /S3 path/,
  ],
];

describe('POST /frames with bad input, over HTTP', () => {
  it.each(cases)(
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

  it('answers an image without a recording with a 400 rejection, not a crash', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      ...frame,
      image: makePng(640, 480).toString('base64'),
    });

    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('REJECTED_BY_REKOGNITION');
  });
});

describe('routes that do not exist, over HTTP', () => {
  it('answers an unknown path with 404 and the contract error body', async () => {
    const reply = await request(runtime, 'GET', '/cameras');

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
