import * as z from 'zod';
import type { CustomEquipment } from '../domain/custom-equipment.js';
import {
  EQUIPMENT_TYPE_PATTERN,
  EQUIPMENT_TYPES,
  isBuiltInEquipmentType,
} from '../domain/equipment.js';
import type { Assert, Same } from './api-docs.js';

/**
 * A Rekognition Custom Labels model version, as DetectCustomLabels takes it (its API reference's
 * pattern): `arn:aws:rekognition:<region>:<account>:project/<project>/version/<version>/<timestamp>`.
 */
export const PROJECT_VERSION_ARN_PATTERN =
  /^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project\/[a-zA-Z0-9_.-]{1,255}\/version\/[a-zA-Z0-9_.-]{1,255}\/[0-9]+$/;

/** One `customEquipment` entry: a custom type and the Custom Labels model that detects it. */
export const customEquipmentSchema = z.strictObject({
  type: z
    .string({ error: 'must be a string such as "HIGH_VIS_VEST"' })
    .regex(EQUIPMENT_TYPE_PATTERN, {
      error:
        'must be 3 to 32 capital letters and "_", starting with a letter, such as HIGH_VIS_VEST',
    })
    .refine((type) => !isBuiltInEquipmentType(type), {
      error: `must not be one of the built-in types ${EQUIPMENT_TYPES.join(', ')}, which DetectProtectiveEquipment detects`,
    }),
  projectVersionArn: z
    .string({ error: 'must be the ARN of a Custom Labels model version' })
    .regex(PROJECT_VERSION_ARN_PATTERN, {
      error:
        'must be the ARN of a Rekognition Custom Labels model version, arn:aws:rekognition:<region>:<account>:project/<project>/version/<version>/<timestamp> (aws rekognition describe-project-versions lists them)',
    }),
  labels: z
    .array(z.string().min(1, { error: 'must not be empty' }).max(256), {
      error: 'must be an array of the label names of the model that count as this equipment',
    })
    .min(1, { error: 'must list at least one label name of the model, such as ["vest"]' }),
  minConfidence: z
    .number({ error: 'must be a number from 1 to 100' })
    .min(1, { error: 'must be a number from 1 to 100' })
    .max(100, { error: 'must be a number from 1 to 100' }),
});

/** The `customEquipment` list: each type once. */
export const customEquipmentListSchema = z
  .array(customEquipmentSchema)
  .superRefine((entries, context) => {
    entries.forEach((entry, index) => {
      if (entries.findIndex((other) => other.type === entry.type) !== index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'type'],
          message: `"${entry.type}" is defined twice; each type once`,
        });
      }
    });
  });

/** The schema describes the domain's type exactly. */
export type CustomEquipmentSchemaMatchesDomain = Assert<
  Same<z.infer<typeof customEquipmentSchema>, CustomEquipment>
>;
