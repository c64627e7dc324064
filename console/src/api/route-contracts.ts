/**
 * The console's shapes of the review, camera, violation and image routes, inferred from the
 * backend's zod schemas as types only (`import type`): neither zod nor the schemas land in the
 * bundle, and a change to a schema shows here at type-check time.
 */
import type * as z from 'zod';
import type { frameImageResponseSchema } from '../../../lambda/schemas/frame-image.js';
import type {
  cameraItemSchema,
  camerasSchema,
  reportCountsSchema,
  violationItemSchema,
  violationsPageSchema,
} from '../../../lambda/schemas/read-responses.js';
import type {
  personReviewSchema,
  reviewRequestSchema,
  reviewResponseSchema,
} from '../../../lambda/schemas/review.js';

export type { Disposition } from '../../../lambda/schemas/review.js';

/** The current review of a person (`null` when nobody reviewed it yet). */
export type PersonReview = z.infer<typeof personReviewSchema>;
/** One item of GET /violations. */
export type ViolationItem = z.infer<typeof violationItemSchema>;
/** The answer of GET /violations. */
export type ViolationsPage = z.infer<typeof violationsPageSchema>;
/** One item of GET /cameras. */
export type CameraItem = z.infer<typeof cameraItemSchema>;
/** The answer of GET /cameras. */
export type CamerasList = z.infer<typeof camerasSchema>;
/** The body of PUT /frames/{frameId}/persons/{personId}/review. */
export type ReviewRequest = z.input<typeof reviewRequestSchema>;
/** The answer of PUT /frames/{frameId}/persons/{personId}/review. */
export type ReviewAnswer = z.infer<typeof reviewResponseSchema>;
/** The answer of GET /frames/{frameId}/image and .../image/original. */
export type FrameImage = z.infer<typeof frameImageResponseSchema>;
/** Persons marked false-positive, on each report bucket and total. */
export type FalsePositiveCount = Pick<z.infer<typeof reportCountsSchema>, 'falsePositives'>;
