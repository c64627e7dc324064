import * as z from 'zod';
import { capturedAtSchema } from './frame-request.js';

/** Query parameters of GET /cameras/{cameraId}/frames. */
export const cameraFramesQuerySchema = z.strictObject({
  from: capturedAtSchema.optional(),
  to: capturedAtSchema.optional(),
  status: z
    .enum(['violation', 'indeterminate', 'compliant', 'empty', 'rejected'], {
      error: 'must be one of violation, indeterminate, compliant, empty, rejected',
    })
    .optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number from 1 to 100' })
    .transform(Number)
    .refine((value) => value >= 1 && value <= 100, {
      error: 'must be a whole number from 1 to 100',
    })
    .optional(),
  nextToken: z.string().max(2048, { error: 'is not a token this API issued' }).optional(),
});

/** The longest period one report covers, which bounds its cost. */
export const MAX_REPORT_DAYS = 92;

/** Query parameters of GET /reports/compliance. */
export const complianceQuerySchema = z.strictObject({
  from: capturedAtSchema.optional(),
  to: capturedAtSchema.optional(),
  groupBy: z.enum(['camera', 'location'], { error: 'must be camera or location' }).optional(),
  interval: z.enum(['hour', 'day'], { error: 'must be hour or day' }).optional(),
});

/** The first problem in a query string, naming the parameter. */
export function describeQueryIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return `Unknown query parameter(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}: remove them.`;
  }
  return `Query parameter "${String(issue?.path[0] ?? '')}" ${issue?.message ?? 'is invalid'}.`;
}
