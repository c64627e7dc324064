import * as z from 'zod';
import { documented } from './api-docs.js';
import { CAMERA_ID_PATTERN } from './frame-request.js';

/** Frame ids: UUIDs, `k-` or `s3-` and hex digits; anything else cannot name a stored frame. */
export const FRAME_ID_PATTERN = /^[A-Za-z0-9-]{1,80}$/;

/** An `Idempotency-Key`: printable ASCII, as HTTP header values allow without quoting. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The path of GET /frames/{frameId}. */
export const framePathSchema = z.object({
  frameId: documented(z.string().regex(FRAME_ID_PATTERN), {
    description:
      'The `frameId` of a `POST /frames` response (a UUID, or `k-` and 32 hex digits with an `Idempotency-Key`), or of an S3 upload (`s3-` and 32 hex digits).',
    examples: ['3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90'],
  }),
});

/** The path of GET /cameras/{cameraId}/frames. */
export const cameraPathSchema = z.object({
  cameraId: documented(z.string().regex(CAMERA_ID_PATTERN), {
    description: 'The camera id: 1 to 64 letters, digits, ".", "_" or "-".',
    examples: ['cam-01'],
  }),
});

/** The headers of POST /frames that the function reads. */
export const frameHeadersSchema = z.object({
  'Idempotency-Key': documented(z.string().regex(IDEMPOTENCY_KEY_PATTERN).optional(), {
    description:
      'Makes retries safe: 1 to 255 printable ASCII characters, such as a UUID, unique per frame. It is scoped to the camera; the frame id derives from camera and key (`k-` and 32 hex digits). Reusing it for a different image, location, `requiredEquipment` or `minConfidence` answers 422.',
    examples: ['5b0c3f1e-8a2d-4e7b-9c61-0f4d2a7e93b8'],
  }),
});

/** Person ids: Rekognition numbers the persons of a frame from 0. */
export const PERSON_ID_PATTERN = /^\d{1,3}$/;

/** The path of PUT /frames/{frameId}/persons/{personId}/review. */
export const personPathSchema = framePathSchema.extend({
  personId: documented(z.string().regex(PERSON_ID_PATTERN), {
    description: 'The `personId` of a person in the frame, a whole number from 0.',
    examples: ['2'],
  }),
});
