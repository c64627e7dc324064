import * as z from 'zod';
import type { HeldBack } from '../domain/alert-cooldown.js';
import type { AlertBody } from '../domain/alert-message.js';
import type { DigestBody } from '../domain/digest-message.js';
import { type Assert, documented, type Same } from './api-docs.js';
import { equipmentTypeSchema } from './frame-request.js';
import { boundingBoxSchema, frameSourceSchema } from './frame-result.js';
import { minConfidenceSchema } from './min-confidence.js';
import { violationsByEquipmentSchema } from './read-responses.js';

const dateTime = (description?: string) =>
  documented(z.string(), { format: 'date-time', ...(description ? { description } : {}) });
const count = (minimum: number, description?: string) =>
  documented(z.int().min(minimum), description ? { description } : {});

/** What a camera's cooldown held back since its previous alert. */
export const heldBackSchema = documented(
  z.object({
    frames: count(0),
    violations: count(0, 'Persons in violation in those frames.'),
  }),
  {
    id: 'HeldBack',
    description: 'Violations at this camera that its cooldown held back since its previous alert.',
  },
);

/** The JSON body of an alert on the SNS topic (DESIGN.md). */
export const alertBodySchema = documented(
  z.object({
    type: z.literal('PPE_VIOLATION'),
    frameId: documented(z.string(), {
      description: 'Read the full result with `GET /frames/{frameId}`.',
    }),
    cameraId: z.string(),
    location: z.string().optional(),
    capturedAt: dateTime(),
    source: frameSourceSchema,
    requiredEquipment: z.array(equipmentTypeSchema),
    minConfidence: minConfidenceSchema(),
    personsTotal: count(0),
    violations: documented(
      z.array(
        z.object({
          personId: count(0),
          missingEquipment: z.array(equipmentTypeSchema),
          confidence: z.number().min(0).max(100),
          boundingBox: boundingBoxSchema,
        }),
      ),
      {
        description:
          'The persons in violation; empty when only indeterminate persons raised the alert.',
      },
    ),
    indeterminate: documented(
      z
        .array(z.object({ personId: count(0), uncertainEquipment: z.array(equipmentTypeSchema) }))
        .optional(),
      { description: 'Present when the frame has indeterminate persons.' },
    ),
    heldBack: heldBackSchema,
  }),
  {
    id: 'Alert',
    description: [
      'Published to the alert topic, not an HTTP response: the JSON `Message` of the SNS notification sent to the alert topic (stack output `AlertTopicArn`) for a frame that raises an alert, at least once. No image bytes and no face data.',
      "Published with SNS's per-protocol message structure: SQS, Lambda, HTTP/S and `email-json` subscribers get this JSON; `email` subscribers get a plain-text e-mail (who lacks what, where, when, how many held back, the frame id) and `sms` subscribers one short plain-text message (at most 140 ASCII characters).",
      'The notification also has a human-readable `Subject` (fewer than 100 printable ASCII characters, such as "PPE alert at cam-01 (plant-3/line-2): 4 without hand cover (+5 held back)"; a long camera id or location is shortened, accents dropped, other characters replaced by `?`) and message attributes for subscription filter policies: `eventType` (String, `PPE_VIOLATION`), `cameraId` (String), `location` (String, when known) and `missingEquipment` (String.Array, when anything is missing; a violator whose missing equipment is unknown, because Rekognition\'s Summary overruled the per-part rules, counts under every type the frame required, so that a filter on any of them still matches).',
      "After an alert, further violations at the same camera within its policy's cooldown are held back (stored and counted, not published) unless they lack an equipment type not yet alerted; the next alert reports them in `heldBack`, or, when none comes, an `AlertDigest` does.",
    ].join('\n\n'),
    examples: [
      {
        type: 'PPE_VIOLATION',
        frameId: '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90',
        cameraId: 'cam-01',
        location: 'plant-3/line-2',
        capturedAt: '2026-11-27T09:00:00.000Z',
        source: 'api',
        requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
        minConfidence: 80,
        personsTotal: 4,
        violations: [
          {
            personId: 0,
            missingEquipment: ['HAND_COVER'],
            confidence: 99.974,
            boundingBox: {
              left: 0.702604,
              top: 0.157031,
              width: 0.222917,
              height: 0.824219,
            },
          },
          {
            personId: 1,
            missingEquipment: ['HAND_COVER'],
            confidence: 99.996,
            boundingBox: {
              left: 0.494271,
              top: 0.242969,
              width: 0.219792,
              height: 0.742969,
            },
          },
          {
            personId: 2,
            missingEquipment: ['HAND_COVER'],
            confidence: 99.986,
            boundingBox: {
              left: 0.121875,
              top: 0.267969,
              width: 0.194792,
              height: 0.722656,
            },
          },
          {
            personId: 3,
            missingEquipment: ['HAND_COVER'],
            confidence: 99.989,
            boundingBox: {
              left: 0.31875,
              top: 0.292188,
              width: 0.185417,
              height: 0.6875,
            },
          },
        ],
        heldBack: {
          frames: 2,
          violations: 5,
        },
      },
    ],
  },
);

/** The JSON body of a digest on the SNS topic: what a cooldown held back and no alert reported. */
export const digestBodySchema = documented(
  z.object({
    type: z.literal('PPE_VIOLATION_DIGEST'),
    cameraId: z.string(),
    location: documented(z.string().optional(), {
      description: 'The location of the held frame captured last, when known.',
    }),
    frames: count(1, 'Frames held back.'),
    violations: count(1, 'Persons in violation in those frames.'),
    missingEquipment: documented(z.array(equipmentTypeSchema), {
      description: 'The types missing in those frames.',
    }),
    violationsByEquipment: documented(violationsByEquipmentSchema(1), {
      description: 'Persons in violation per missing type.',
    }),
    since: dateTime('Capture time of the earliest held frame.'),
    until: dateTime('Capture time of the latest held frame.'),
    cooldownEndedAt: dateTime('When the cooldown that held them back ended (capture time).'),
    lastFrameId: documented(z.string(), {
      description: 'The latest held frame: read it with `GET /frames/{frameId}`.',
    }),
  }),
  {
    id: 'AlertDigest',
    description: [
      "Published to the alert topic, not an HTTP response: the JSON `Message` of the SNS notification sent when a camera's cooldown ended with violations held back and no alert after it reported them, within a minute of the cooldown's end (capture time), once per cooldown, at least once. No image bytes, no face data, no person boxes.",
      'Like `Alert`: `email` and `sms` subscribers get plain text, every other protocol this JSON; the `Subject` reads like "PPE digest at cam-01 (plant-3/line-2): 8 held back without hand cover"; message attributes `eventType` (String, `PPE_VIOLATION_DIGEST`), `cameraId`, `location` (when known) and `missingEquipment` (String.Array). A filter policy on `eventType` `PPE_VIOLATION` alone leaves digests out.',
    ].join('\n\n'),
    examples: [
      {
        type: 'PPE_VIOLATION_DIGEST',
        cameraId: 'cam-01',
        location: 'plant-3/line-2',
        frames: 2,
        violations: 8,
        missingEquipment: ['HAND_COVER'],
        violationsByEquipment: {
          HAND_COVER: 8,
        },
        since: '2026-11-27T09:01:00.000Z',
        until: '2026-11-27T09:02:00.000Z',
        cooldownEndedAt: '2026-11-27T09:05:00.000Z',
        lastFrameId: '0b1f7c3e-2a4d-4c55-9d0e-6f1e2a3b4c5d',
      },
    ],
  },
);

/** The message schemas are the domain's types; a drift on either side fails to compile. */
export type NotificationSchemasMatchDomain = [
  Assert<Same<z.infer<typeof heldBackSchema>, HeldBack>>,
  Assert<Same<z.infer<typeof alertBodySchema>, AlertBody>>,
  Assert<Same<z.infer<typeof digestBodySchema>, DigestBody>>,
];
