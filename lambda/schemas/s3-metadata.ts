import * as z from 'zod';
import { EQUIPMENT_TYPE_PATTERN, EQUIPMENT_TYPES } from '../domain/equipment.js';
import { CAMERA_ID_PATTERN, capturedAtSchema } from './frame-request.js';
import { MIN_CONFIDENCE_MESSAGE, minConfidenceSchema } from './min-confidence.js';

/**
 * The `x-amz-meta-*` camera metadata of an uploaded frame (S3 lower-cases the names). All of it
 * is optional: the camera id may come from the key, the rest from the camera's policy.
 */
export const s3MetadataSchema = z.object({
  'camera-id': z
    .string()
    .regex(CAMERA_ID_PATTERN, { error: 'must be 1 to 64 letters, digits, ".", "_" or "-"' })
    .optional(),
  'captured-at': capturedAtSchema.optional(),
  location: z.string().min(1).max(256, { error: 'must be at most 256 characters' }).optional(),
  'required-equipment': z
    .string()
    .transform((value) => value.split(',').map((type) => type.trim().toUpperCase()))
    .refine((types) => types.every((type) => EQUIPMENT_TYPE_PATTERN.test(type)), {
      error: `must be a comma list of ${EQUIPMENT_TYPES.join(', ')} or custom types of this stack`,
    })
    .optional(),
  'min-confidence': z
    .string()
    .transform((value) => Number(value))
    .pipe(minConfidenceSchema(MIN_CONFIDENCE_MESSAGE))
    .optional(),
});

/** Parsed camera metadata. */
export type S3Metadata = z.infer<typeof s3MetadataSchema>;

/** Parses the metadata; a problem names the `x-amz-meta-` key and what it must be. */
export function parseS3Metadata(
  metadata: Record<string, string>,
): { metadata: S3Metadata } | { problem: string } {
  const parsed = s3MetadataSchema.safeParse(metadata);
  if (parsed.success) return { metadata: parsed.data };
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? 'metadata');
  return { problem: `Metadata "x-amz-meta-${key}" ${issue?.message ?? 'is invalid'}.` };
}
