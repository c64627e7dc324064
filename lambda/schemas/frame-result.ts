import * as z from 'zod';
import type { PersonStatus } from '../domain/evaluate-persons.js';
import type {
  BodyPartResult,
  BoundingBox,
  CustomLabelResult,
  FrameResult,
  FrameSource,
  PersonResult,
} from '../domain/frame-result.js';
import { type FrameRejection, REJECTION_REASONS } from '../domain/rejection.js';
import { type Assert, documented, type Same } from './api-docs.js';
import { equipmentTypeSchema } from './frame-request.js';
import { minConfidenceSchema } from './min-confidence.js';
import { personReviewSchema } from './review.js';

/** A percentage that Rekognition reports. */
const percent = () => z.number().min(0).max(100);
const personIds = () => z.array(z.int().min(0));
const dateTime = (description?: string) =>
  documented(z.string(), { format: 'date-time', ...(description ? { description } : {}) });

/** How a frame came in. */
export const frameSourceSchema = documented(z.enum(['api', 's3']), {
  id: 'FrameSource',
  description: 'How the frame came in: `POST /frames`, or an upload to the ingest bucket.',
});

/** A person's verdict. */
export const personStatusSchema = documented(z.enum(['compliant', 'violation', 'indeterminate']), {
  id: 'PersonStatus',
  description:
    '`violation`: a required type is definitely missing; `indeterminate`: the person or some required equipment could not be verified at `minConfidence`; `compliant`: all required equipment is worn.',
});

/** A box as ratios of the image size. */
export const boundingBoxSchema = documented(
  z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() }),
  {
    id: 'BoundingBox',
    description:
      'A box as ratios of the image width (`left`, `width`) and height (`top`, `height`), from the top-left corner. A box at the edge of the image may extend slightly past 0 or 1.',
  },
);

/** Person ids by status. */
export const frameSummarySchema = documented(
  z.object({
    personsWithRequiredEquipment: personIds(),
    personsWithoutRequiredEquipment: personIds(),
    personsIndeterminate: personIds(),
  }),
  { id: 'FrameSummary', description: "Person ids by status, as in Rekognition's Summary." },
);

/** One piece of equipment on a body part. */
export const equipmentDetectionSchema = documented(
  z.object({
    type: documented(z.string(), {
      description: 'An equipment type (see `EquipmentType`).',
      examples: ['HEAD_COVER'],
    }),
    confidence: percent(),
    coversBodyPart: documented(z.boolean(), { description: 'Whether it covers the body part.' }),
    coversConfidence: percent(),
    boundingBox: boundingBoxSchema,
  }),
  { id: 'EquipmentDetection', description: 'One piece of equipment detected on a body part.' },
);

/** A detected body part with its equipment. */
export const bodyPartSchema = documented(
  z.object({
    name: documented(z.string(), {
      description: '`FACE`, `HEAD`, `LEFT_HAND` or `RIGHT_HAND`.',
      examples: ['HEAD'],
    }),
    confidence: percent(),
    equipment: z.array(equipmentDetectionSchema),
  }),
  { id: 'BodyPart', description: 'A body part Rekognition detected, with the equipment on it.' },
);

/** A Custom Labels box given to a person. */
export const customLabelSchema = documented(
  z.object({
    type: equipmentTypeSchema,
    name: documented(z.string(), {
      description: "The Custom Labels model's label name.",
      examples: ['vest'],
    }),
    confidence: percent(),
    boundingBox: boundingBoxSchema,
  }),
  {
    id: 'CustomLabel',
    description:
      "A box of a Custom Labels model given to this person (its centre lies in the person box, the smallest such box), and the custom type it counts for. At the type's configured `minConfidence` or more it covers the person; a weaker one leaves the type uncertain.",
  },
);

/** One person's verdict and detections. */
export const personSchema = documented(
  z.object({
    personId: documented(z.int().min(0), {
      description: "Rekognition's id of the person in this frame.",
    }),
    status: personStatusSchema,
    missingEquipment: documented(z.array(equipmentTypeSchema), {
      description: 'Required types definitely not worn.',
    }),
    uncertainEquipment: documented(z.array(equipmentTypeSchema), {
      description: 'Required types that could not be verified at `minConfidence`.',
    }),
    confidence: documented(percent(), { description: 'That this is a person, in percent.' }),
    boundingBox: boundingBoxSchema,
    bodyParts: z.array(bodyPartSchema),
    customLabels: documented(z.array(customLabelSchema).optional(), {
      description:
        'Present when the frame requires a custom type: the Custom Labels boxes given to this person.',
    }),
    review: documented(personReviewSchema.nullable().optional(), {
      description:
        'On a stored result (`GET /frames/{frameId}`): the current review of a person in violation, `null` while there is none.',
    }),
  }),
  { id: 'Person', description: "One person's verdict and detections." },
);

/** The POST /frames response and the stored result. */
export const frameResultSchema = documented(
  z.object({
    frameId: documented(z.string(), {
      description: 'The id to read the result again with `GET /frames/{frameId}`.',
    }),
    cameraId: z.string(),
    location: documented(z.string().optional(), {
      description: 'Present when the request or upload gave one.',
    }),
    capturedAt: dateTime('In UTC, with milliseconds.'),
    source: frameSourceSchema,
    requiredEquipment: documented(z.array(equipmentTypeSchema), {
      description: 'What was required, in a canonical order.',
    }),
    minConfidence: minConfidenceSchema(),
    policy: documented(z.string(), {
      description:
        'The id of the policy the frame was judged by: `default` for the stack-wide one.',
    }),
    status: documented(z.enum(['violation', 'indeterminate', 'compliant', 'empty']), {
      description: "The frame's worst person status; `empty` when no one is in view.",
    }),
    modelVersion: documented(z.string(), {
      description: "Rekognition's protective-equipment model version.",
    }),
    summary: frameSummarySchema,
    persons: z.array(personSchema).max(15),
    alert: documented(z.boolean(), {
      description:
        "Whether the frame raises an alert: a violation, or an indeterminate person where the policy alerts on those. The alert may still be held back by the camera's cooldown.",
    }),
    unavailableEquipment: documented(z.array(equipmentTypeSchema).optional(), {
      description:
        'Required custom types whose Custom Labels model was not running: uncertain for every person of the frame. Absent when there are none.',
    }),
  }),
  {
    id: 'FrameResult',
    description:
      'An analysed frame: the `POST /frames` response and the stored result. Fields may be added; ignore those you do not know.',
  },
);

/** Why a frame was not analysed. */
export const rejectionReasonSchema = documented(z.enum(REJECTION_REASONS), {
  id: 'RejectionReason',
});

/** A stored rejection: the GET /frames/{frameId} answer for a frame that was not analysed. */
export const frameRejectionSchema = documented(
  z.object({
    frameId: z.string(),
    cameraId: z.string(),
    location: z.string().optional(),
    capturedAt: dateTime(),
    source: frameSourceSchema,
    status: z.literal('rejected'),
    rejection: z.object({
      reason: rejectionReasonSchema,
      message: documented(z.string(), { description: 'What went wrong and what to do.' }),
    }),
  }),
  {
    id: 'FrameRejection',
    description:
      'A frame that could not be analysed, stored with the reason and what to do about it.',
  },
);

/** The answer of GET /frames/{frameId}: a stored result or a stored rejection. */
export const storedFrameSchema = z.xor([frameResultSchema, frameRejectionSchema]);

/** The schemas describe the domain's types exactly; a drift on either side fails to compile. */
export type FrameSchemasMatchDomain = [
  Assert<Same<z.infer<typeof frameSourceSchema>, FrameSource>>,
  Assert<Same<z.infer<typeof personStatusSchema>, PersonStatus>>,
  Assert<Same<z.infer<typeof boundingBoxSchema>, BoundingBox>>,
  Assert<Same<z.infer<typeof bodyPartSchema>, BodyPartResult>>,
  Assert<Same<z.infer<typeof customLabelSchema>, CustomLabelResult>>,
  Assert<Same<z.infer<typeof personSchema>, PersonResult>>,
  Assert<Same<z.infer<typeof frameResultSchema>, FrameResult>>,
  Assert<Same<z.infer<typeof frameRejectionSchema>, FrameRejection>>,
];
