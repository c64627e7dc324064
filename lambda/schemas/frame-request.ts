import * as z from 'zod';
import { EQUIPMENT_TYPE_PATTERN, EQUIPMENT_TYPES } from '../domain/equipment.js';
import { documented } from './api-docs.js';
import { MIN_CONFIDENCE_MESSAGE, minConfidenceSchema } from './min-confidence.js';

/** Camera ids name records and keys, so they stay short and URL-safe. */
export const CAMERA_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const EQUIPMENT_WORDS = `${EQUIPMENT_TYPES.join(', ')} or a custom type of this stack`;

/**
 * An equipment type a frame can require. The built-in ones are fixed; custom ones are configured
 * per deployment (`customEquipment`), so the contract is the name's shape, and the function
 * answers 400 naming the known types for a well-formed name that this stack does not know.
 */
export const equipmentTypeSchema = documented(
  z
    .string({ error: `must be an equipment type: ${EQUIPMENT_WORDS}` })
    .regex(EQUIPMENT_TYPE_PATTERN, {
      error: `must be an equipment type: ${EQUIPMENT_WORDS} (3 to 32 capital letters and "_")`,
    }),
  {
    id: 'EquipmentType',
    description:
      'Protective equipment a frame can require. Built in (DetectProtectiveEquipment): FACE_COVER covers the FACE, HEAD_COVER the HEAD, HAND_COVER both LEFT_HAND and RIGHT_HAND. Any other name is a custom type of the deployment (its `customEquipment` configuration, detected with Rekognition Custom Labels); a name the deployment does not know is answered 400 `INVALID_FIELD` listing the known ones.',
    examples: ['HEAD_COVER', 'HIGH_VIS_VEST'],
  },
);

const equipmentList = z
  .array(equipmentTypeSchema, { error: `must be an array of ${EQUIPMENT_WORDS}` })
  .min(1, { error: `must list at least one of ${EQUIPMENT_WORDS}` });

const NOT_AN_ISO_TIME =
  'must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z';

/** The capture time: ISO 8601 with a time zone, normalised to UTC milliseconds. */
export const capturedAtSchema = z
  .string({ error: 'must be an ISO 8601 date-time string' })
  .regex(/^.*[Tt].*([Zz]|[+-]\d\d:?\d\d)$/, { error: NOT_AN_ISO_TIME })
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: NOT_AN_ISO_TIME })
  .transform((value) => new Date(value).toISOString());

/**
 * Longest `image` API Gateway passes on: 4 MB as base64 is 5.6 million characters, and the cap
 * keeps bodies under Lambda's 6 MB request limit, so an oversized frame gets a 400 at the gateway,
 * not a 5xx. Documented and put in the gateway's model, not checked by the function: there an
 * image over 4 MB gets the 413 that points to the S3 path, however long its base64.
 */
export const MAX_IMAGE_CHARACTERS = 5_800_000;

/** The body of POST /frames, per DESIGN.md. */
export const frameRequestSchema = documented(
  z.strictObject(
    {
      image: documented(
        z
          .string({ error: 'is required: the JPEG or PNG image, base64-encoded' })
          .min(1, { error: 'is empty: send the JPEG or PNG image, base64-encoded' }),
        {
          maxLength: MAX_IMAGE_CHARACTERS,
          description:
            'The JPEG or PNG frame, base64-encoded (standard or URL-safe alphabet); a `data:` URL prefix and whitespace are accepted. At most 4 MB decoded, 64 to 4096 pixels on each side.',
        },
      ),
      cameraId: documented(
        z
          .string({ error: 'is required: a camera id of 1 to 64 letters, digits, ".", "_" or "-"' })
          .regex(CAMERA_ID_PATTERN, {
            error: 'must be 1 to 64 letters, digits, ".", "_" or "-"',
          }),
        {
          description: 'The camera: 1 to 64 letters, digits, ".", "_" or "-".',
          examples: ['cam-01'],
        },
      ),
      capturedAt: documented(capturedAtSchema.optional(), {
        format: 'date-time',
        description:
          'When the frame was captured, ISO 8601 with a time zone; returned in UTC. Default: the time of receipt.',
        examples: ['2026-11-27T09:00:00Z'],
      }),
      location: documented(
        z
          .string({ error: 'must be a string such as "plant-3/line-2"' })
          .min(1, { error: 'must not be empty; leave it out instead' })
          .max(256, { error: 'must be at most 256 characters' })
          .optional(),
        {
          description: 'Where the camera is, for policies (by prefix), alerts and reports.',
          examples: ['plant-3/line-2'],
        },
      ),
      requiredEquipment: documented(equipmentList.optional(), {
        description:
          "The equipment every person must wear. Default: the camera's or location's policy, else the stack's.",
      }),
      minConfidence: documented(minConfidenceSchema(MIN_CONFIDENCE_MESSAGE).optional(), {
        description:
          "The confidence (percent) below which a detection does not count. Default: the camera's or location's policy, else the stack's.",
      }),
    },
    { error: 'The body must be a JSON object with "image" and "cameraId"' },
  ),
  { id: 'FrameRequest', description: 'The body of `POST /frames`.' },
);

/** A parsed POST /frames body. */
export type FrameRequestBody = z.infer<typeof frameRequestSchema>;

/** The first problem zod found, as one sentence that names the field. */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  if (!issue) return { field, message: 'The request is invalid.' };
  if (issue.code === 'unrecognized_keys') {
    return {
      field: issue.keys.join(', '),
      message: `Unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them.`,
    };
  }
  return {
    field,
    message: field ? `"${field}" ${issue.message}.` : `${issue.message}.`,
  };
}
