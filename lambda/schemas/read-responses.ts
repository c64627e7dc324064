import * as z from 'zod';
import type { ReportCounts } from '../domain/compliance-report.js';
import { type Assert, documented, type Same } from './api-docs.js';
import { equipmentTypeSchema } from './frame-request.js';
import {
  boundingBoxSchema,
  frameSourceSchema,
  frameSummarySchema,
  rejectionReasonSchema,
} from './frame-result.js';
import { minConfidenceSchema } from './min-confidence.js';
import { personReviewSchema } from './review.js';

const count = (description?: string) =>
  documented(z.int().min(0), description ? { description } : {});
const dateTime = (description?: string) =>
  documented(z.string(), { format: 'date-time', ...(description ? { description } : {}) });

/** A frame in a camera timeline (GET /cameras/{cameraId}/frames). */
export const timelineItemSchema = documented(
  z.object({
    frameId: z.string(),
    capturedAt: dateTime(),
    status: z.enum(['violation', 'indeterminate', 'compliant', 'empty', 'rejected']),
    source: frameSourceSchema,
    location: z.string().optional(),
    policy: z.string().optional(),
    requiredEquipment: z.array(equipmentTypeSchema).optional(),
    minConfidence: minConfidenceSchema().optional(),
    summary: frameSummarySchema.optional(),
    personsTotal: count(),
    missingEquipment: documented(z.array(equipmentTypeSchema), {
      description: 'The equipment types missing on any person in violation, sorted.',
    }),
    alert: z.boolean().optional(),
    alertState: documented(z.enum(['pending', 'held', 'publishing', 'sent']).optional(), {
      description:
        "For a frame that raises an alert: `pending` until handled, `held` when the camera's cooldown held it back, `publishing`, then `sent`.",
    }),
    rejection: z.object({ reason: rejectionReasonSchema, message: z.string() }).optional(),
  }),
  {
    id: 'TimelineItem',
    description:
      'A frame in a camera timeline: its status, summary and what was missing, without per-person detail. A rejected frame has `rejection` instead of the analysis fields.',
  },
);

/** One page of a camera's timeline. */
export const cameraFramesSchema = documented(
  z.object({
    cameraId: z.string(),
    items: documented(z.array(timelineItemSchema).max(100), { description: 'Newest first.' }),
    nextToken: documented(z.string().optional(), {
      description: 'Present when more frames may follow: pass it as `nextToken` for the next page.',
    }),
  }),
  { id: 'CameraFrames' },
);

/** Persons in violation per missing type, as the report and the digest count them. */
export const violationsByEquipmentSchema = (minimum: number) =>
  z.partialRecord(equipmentTypeSchema, z.int().min(minimum));

/** The counts of a report bucket or group. */
export const reportCountsSchema = documented(
  z.object({
    frames: count('Frames analysed (rejected frames not included).'),
    rejected: count('Frames that could not be analysed.'),
    persons: count(),
    compliant: count('Persons compliant.'),
    violations: count('Persons in violation, those marked false-positive left out.'),
    falsePositives: count('Persons in violation that a reviewer marked false-positive.'),
    indeterminate: count('Persons indeterminate.'),
    complianceRate: documented(z.number().min(0).max(1).nullable(), {
      description:
        'compliant / (compliant + violations), to 4 decimals, false positives left out; `null` when no one could be judged.',
    }),
    violationsByEquipment: documented(violationsByEquipmentSchema(1), {
      description:
        'Persons in violation per missing type, false positives left out; types with none are left out. A person missing two types counts under both.',
    }),
  }),
  { id: 'ReportCounts' },
);

/** The counts of one hour or UTC day. */
export const reportBucketSchema = documented(
  reportCountsSchema.extend({ start: dateTime('Start of the hour or UTC day.') }),
  { id: 'ReportBucket', description: 'The counts of one hour or UTC day.' },
);

const groupParts = {
  buckets: documented(z.array(reportBucketSchema), {
    description: 'Oldest first; only buckets with stored frames.',
  }),
  total: reportCountsSchema,
};

/** One camera or location of a report. */
export const reportGroupSchema = documented(
  z.xor([
    z.object({ camera: z.string(), ...groupParts }),
    z.object({ location: z.string(), ...groupParts }),
  ]),
  {
    id: 'ReportGroup',
    description:
      'One camera (`camera`, with `groupBy=camera`) or one location (`location`, with `groupBy=location`; `""` for frames without one).',
  },
);

/** The answer of GET /reports/compliance. */
export const complianceReportSchema = documented(
  z.object({
    from: dateTime("The period's start, rounded down to the hour."),
    to: dateTime("The period's end (exclusive), rounded up to the hour."),
    groupBy: z.enum(['camera', 'location']),
    interval: z.enum(['hour', 'day']),
    groups: z.array(reportGroupSchema),
  }),
  { id: 'ComplianceReport' },
);

/** The report's counts are the domain's; a drift on either side fails to compile. */
export type ReportSchemasMatchDomain = Assert<
  Same<z.infer<typeof reportCountsSchema>, ReportCounts>
>;

/** A person in violation, as GET /violations lists them. */
export const violationItemSchema = documented(
  z.object({
    frameId: z.string(),
    personId: z.int().min(0),
    cameraId: z.string(),
    location: z.string().optional(),
    capturedAt: dateTime(),
    missingEquipment: z.array(equipmentTypeSchema),
    confidence: z.number().min(0).max(100),
    boundingBox: boundingBoxSchema,
    review: documented(personReviewSchema.nullable(), {
      description: '`null` while nobody has reviewed the person.',
    }),
  }),
  { id: 'Violation', description: 'One person in violation, with their current review.' },
);

/** One page of GET /violations. */
export const violationsPageSchema = documented(
  z.object({
    items: documented(z.array(violationItemSchema).max(100), { description: 'Newest first.' }),
    nextToken: documented(z.string().optional(), {
      description: 'Present when more may follow: pass it as `nextToken` for the next page.',
    }),
  }),
  { id: 'Violations' },
);

/** One camera and its latest frame, as GET /cameras lists them. */
export const cameraItemSchema = documented(
  z.object({
    cameraId: z.string(),
    location: z.string().optional(),
    lastFrame: z.object({
      frameId: z.string(),
      capturedAt: dateTime(),
      status: z.enum(['violation', 'indeterminate', 'compliant', 'empty', 'rejected']),
      personsTotal: count(),
      missingEquipment: z.array(equipmentTypeSchema),
    }),
  }),
  { id: 'Camera', description: 'A camera that sent a frame, with its newest frame.' },
);

/** The answer of GET /cameras. */
export const camerasSchema = documented(
  z.object({
    items: documented(z.array(cameraItemSchema), { description: 'Sorted by `cameraId`.' }),
  }),
  { id: 'Cameras' },
);
