import * as z from 'zod';
import { EQUIPMENT_TYPES } from '../domain/equipment.js';

/** Camera ids name records and keys, so they stay short and URL-safe. */
export const CAMERA_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const equipmentList = z
  .array(
    z.enum(EQUIPMENT_TYPES, {
      error: `must list only ${EQUIPMENT_TYPES.join(', ')}`,
    }),
    { error: `must be an array of ${EQUIPMENT_TYPES.join(', ')}` },
  )
  .min(1, { error: `must list at least one of ${EQUIPMENT_TYPES.join(', ')}` });

/** The capture time: ISO 8601 with a time zone, normalised to UTC milliseconds. */
export const capturedAtSchema = z
  .string({ error: 'must be an ISO 8601 date-time string' })
  .refine((value) => /T.*(Z|[+-]\d\d:?\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value)), {
    error: 'must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z',
  })
  .transform((value) => new Date(value).toISOString());

/** The body of POST /frames, per DESIGN.md. */
export const frameRequestSchema = z.strictObject(
  {
    image: z
      .string({ error: 'is required: the JPEG or PNG image, base64-encoded' })
      .min(1, { error: 'is empty: send the JPEG or PNG image, base64-encoded' }),
    cameraId: z
      .string({ error: 'is required: a camera id of 1 to 64 letters, digits, ".", "_" or "-"' })
      .regex(CAMERA_ID_PATTERN, {
        error: 'must be 1 to 64 letters, digits, ".", "_" or "-"',
      }),
    capturedAt: capturedAtSchema.optional(),
    location: z
      .string({ error: 'must be a string such as "plant-3/line-2"' })
      .min(1, { error: 'must not be empty; leave it out instead' })
      .max(256, { error: 'must be at most 256 characters' })
      .optional(),
    requiredEquipment: equipmentList.optional(),
    minConfidence: z
      .number({ error: 'must be a number from 50 to 100' })
      .min(50, { error: 'must be a number from 50 to 100' })
      .max(100, { error: 'must be a number from 50 to 100' })
      .optional(),
  },
  { error: 'The body must be a JSON object with "image" and "cameraId"' },
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
