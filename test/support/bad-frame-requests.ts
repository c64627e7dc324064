import { fixtureImage } from './fixtures.js';
import { makePng } from './images.js';

const image = fixtureImage.toString('base64');
const frame = { image, cameraId: 'cam-01', capturedAt: '2026-11-27T09:00:00Z' };

/** A bad POST /frames body: what it is, the body, and the documented status, code and message. */
export type BadFrameRequest = [
  name: string,
  body: unknown,
  status: number,
  code: string,
  message: RegExp,
];

/**
 * Every bad input of POST /frames that DESIGN.md lists, with its documented answer. The handler
 * tests and the end-to-end tests both run them: the same contract, in process and over HTTP.
 */
export const BAD_FRAME_REQUESTS: BadFrameRequest[] = [
  ['a body that is not JSON', '{"image": ', 400, 'INVALID_JSON', /not valid JSON/],
  ['a JSON array', '[]', 400, 'INVALID_FIELD', /JSON object/],
  ['no image', { cameraId: 'cam-01' }, 400, 'INVALID_FIELD', /"image" is required/],
  ['no cameraId', { image }, 400, 'INVALID_FIELD', /"cameraId" is required/],
  [
    'a cameraId with a slash',
    { ...frame, cameraId: 'a/b' },
    400,
    'INVALID_FIELD',
    /"cameraId" must be 1 to 64/,
  ],
  [
    'a capturedAt without a time zone',
    { ...frame, capturedAt: '2026-11-27T09:00:00' },
    400,
    'INVALID_FIELD',
    /"capturedAt" must be an ISO 8601/,
  ],
  [
    'an unknown equipment type',
    { ...frame, requiredEquipment: ['HEAD_COVER', 'BOOTS'] },
    400,
    'INVALID_FIELD',
    /"requiredEquipment.1" "BOOTS" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER/,
  ],
  [
    'a malformed equipment type',
    { ...frame, requiredEquipment: ['head cover'] },
    400,
    'INVALID_FIELD',
    /"requiredEquipment.0" must be an equipment type: FACE_COVER, HEAD_COVER, HAND_COVER or a custom type/,
  ],
  [
    'an empty equipment list',
    { ...frame, requiredEquipment: [] },
    400,
    'INVALID_FIELD',
    /"requiredEquipment" must list at least one/,
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
    /"image" is not valid base64/,
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
    { ...frame, image: fixtureImage.subarray(0, 200).toString('base64') },
    400,
    'UNSUPPORTED_FORMAT',
    /truncated or corrupt/,
  ],
  [
    'a 32x32 image',
    { ...frame, image: makePng(32, 32).toString('base64') },
    400,
    'BAD_DIMENSIONS',
    /32x32 pixels; Rekognition takes 64 to 4096/,
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
