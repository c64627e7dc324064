import * as z from 'zod';
import { EQUIPMENT_TYPE_PATTERN, EQUIPMENT_TYPES } from '../domain/equipment.js';
import { documented } from './api-docs.js';
import { CAMERA_ID_PATTERN, capturedAtSchema } from './frame-request.js';

/** Query parameters of GET /cameras/{cameraId}/frames. */
export const cameraFramesQuerySchema = z.strictObject({
  from: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description: 'Only frames captured at or after this time: ISO 8601 with a time zone.',
    examples: ['2026-11-27T00:00:00Z'],
  }),
  to: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description: 'Only frames captured before this time: ISO 8601 with a time zone; after `from`.',
    examples: ['2026-11-28T00:00:00Z'],
  }),
  status: documented(
    z
      .enum(['violation', 'indeterminate', 'compliant', 'empty', 'rejected'], {
        error: 'must be one of violation, indeterminate, compliant, empty, rejected',
      })
      .optional(),
    {
      description: 'Only frames with this status; `empty` is a frame with no one in view.',
      examples: ['violation'],
    },
  ),
  limit: documented(
    z
      .string()
      .regex(/^\d+$/, { error: 'must be a whole number from 1 to 100' })
      .transform(Number)
      .refine((value) => value >= 1 && value <= 100, {
        error: 'must be a whole number from 1 to 100',
      })
      .optional(),
    {
      description: 'The most entries in one page: a whole number from 1 to 100. Default: 25.',
      examples: ['25'],
    },
  ),
  nextToken: documented(
    z.string().max(2048, { error: 'is not a token this API issued' }).optional(),
    {
      description:
        'The `nextToken` of the previous page, unchanged, with the same camera and filters.',
      examples: [
        'eyJjIjp7InBrIjoiRlJBTUUjczMtN2Q0MWMwZTJiOTVhNGY2OGEzZTBkMTdjNTJiOWY2YTQiLCJzayI6IkZSQU1FIiwiZ3NpMXBrIjoiQ0FNRVJBI2NhbS0wMSIsImdzaTFzayI6IjIwMjYtMTEtMjdUMDg6NTk6NDAuMDAwWiNzMy03ZDQxYzBlMmI5NWE0ZjY4YTNlMGQxN2M1MmI5ZjZhNCJ9LCJzIjoiMWpILXpTNUw2aWRwT1Z6SyJ9',
      ],
    },
  ),
});

/** The longest period one report covers, which bounds its cost. */
export const MAX_REPORT_DAYS = 92;

/** Query parameters of GET /reports/compliance. */
export const complianceQuerySchema = z.strictObject({
  from: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description:
      'Start of the period, ISO 8601 with a time zone, rounded down to the hour. Default: 7 days before `to`.',
    examples: ['2026-11-25T00:00:00Z'],
  }),
  to: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description:
      'End of the period (exclusive), ISO 8601 with a time zone, rounded up to the hour. Default: now.',
    examples: ['2026-11-27T00:00:00Z'],
  }),
  groupBy: documented(
    z.enum(['camera', 'location'], { error: 'must be camera or location' }).optional(),
    { description: 'Group per camera or per location.', default: 'camera', examples: ['camera'] },
  ),
  interval: documented(z.enum(['hour', 'day'], { error: 'must be hour or day' }).optional(), {
    description: 'Bucket per hour or per UTC day.',
    default: 'day',
    examples: ['day'],
  }),
});

/** The first problem in a query string, naming the parameter. */
export function describeQueryIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return `Unknown query parameter(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}: remove them.`;
  }
  return `Query parameter "${String(issue?.path[0] ?? '')}" ${issue?.message ?? 'is invalid'}.`;
}

/** The longest period one GET /violations covers: one index query per day. */
export const MAX_VIOLATION_DAYS = 31;

/** What GET /violations can filter on a person's review. */
export const REVIEW_FILTERS = [
  'unreviewed',
  'confirmed',
  'false-positive',
  'inconclusive',
] as const;

/** Query parameters of GET /violations. */
export const violationsQuerySchema = z.strictObject({
  from: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description:
      'Only persons in frames captured at or after this time: ISO 8601 with a time zone. Default: 24 hours before `to`.',
    examples: ['2026-11-27T00:00:00Z'],
  }),
  to: documented(capturedAtSchema.optional(), {
    format: 'date-time',
    description: `Only frames captured before this time: ISO 8601 with a time zone; after \`from\`, at most ${MAX_VIOLATION_DAYS} days later. Default: now.`,
    examples: ['2026-11-28T00:00:00Z'],
  }),
  cameraId: documented(
    z
      .string()
      .regex(CAMERA_ID_PATTERN, { error: 'must be 1 to 64 letters, digits, ".", "_" or "-"' })
      .optional(),
    { description: 'Only this camera.', examples: ['cam-01'] },
  ),
  location: documented(
    z
      .string()
      .min(1, { error: 'must be 1 to 256 characters' })
      .max(256, { error: 'must be 1 to 256 characters' })
      .optional(),
    {
      description:
        'Only locations that start with this text (`plant-3/` matches `plant-3/line-2`).',
      examples: ['plant-3/'],
    },
  ),
  equipment: documented(
    z
      .string()
      .regex(EQUIPMENT_TYPE_PATTERN, {
        error: `must be an equipment type such as ${EQUIPMENT_TYPES.join(', ')} or a custom type of this stack`,
      })
      .optional(),
    {
      description:
        'Only persons missing this equipment type (built in, or a custom type of the deployment).',
      examples: ['HEAD_COVER'],
    },
  ),
  review: documented(
    z.enum(REVIEW_FILTERS, { error: `must be one of ${REVIEW_FILTERS.join(', ')}` }).optional(),
    {
      description: 'Only persons not reviewed yet (`unreviewed`) or with this disposition.',
      examples: ['unreviewed'],
    },
  ),
  limit: cameraFramesQuerySchema.shape.limit,
  nextToken: documented(
    z.string().max(2048, { error: 'is not a token this API issued' }).optional(),
    { description: 'The `nextToken` of the previous page, unchanged, with the same filters.' },
  ),
});

/** Query parameters of GET /cameras: none. */
export const camerasQuerySchema = z.strictObject({});
