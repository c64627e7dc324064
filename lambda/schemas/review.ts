import * as z from 'zod';
import type { PersonReview } from '../domain/frame-result.js';
import { type Assert, documented, type Same } from './api-docs.js';

/** What a reviewer decided about a person in violation. */
export const DISPOSITIONS = ['confirmed', 'false-positive', 'inconclusive'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** The longest comment a review may carry. */
export const MAX_REVIEW_COMMENT = 1000;

const dateTime = (description: string) =>
  documented(z.string(), { format: 'date-time', description });

/** The body of PUT /frames/{frameId}/persons/{personId}/review. */
export const reviewRequestSchema = documented(
  z.strictObject({
    disposition: documented(
      z.enum(DISPOSITIONS, { error: `must be one of ${DISPOSITIONS.join(', ')}` }),
      {
        description:
          '`confirmed`: a real violation; `false-positive`: not one (left out of reports); `inconclusive`: cannot tell from the image.',
        examples: ['false-positive'],
      },
    ),
    comment: documented(
      z
        .string({ error: 'must be a string' })
        .max(MAX_REVIEW_COMMENT, { error: `must be at most ${MAX_REVIEW_COMMENT} characters` })
        .optional(),
      { description: `Why, at most ${MAX_REVIEW_COMMENT} characters.` },
    ),
  }),
  { id: 'ReviewRequest', description: "A reviewer's decision about one person in violation." },
);

/** The current review of a person, as GET /frames/{frameId} and GET /violations show it. */
export const personReviewSchema = documented(
  z.object({
    disposition: z.enum(DISPOSITIONS),
    reviewedBy: documented(z.string(), {
      description:
        "Who reviewed: the caller's Cognito identity id or IAM ARN; `local` in the local runtime.",
    }),
    reviewedAt: dateTime('When the review was recorded.'),
  }),
  { id: 'PersonReview', description: "A person's current review." },
);

/** One entry of a frame's review trail. */
export const reviewEntrySchema = documented(
  z.object({
    personId: z.int().min(0),
    disposition: z.enum(DISPOSITIONS),
    comment: z.string().optional(),
    reviewedBy: z.string(),
    reviewedAt: dateTime('When the review was recorded.'),
  }),
  { id: 'ReviewEntry', description: 'One change of a review, as the append-only trail keeps it.' },
);

/** The answer of PUT /frames/{frameId}/persons/{personId}/review. */
export const reviewResponseSchema = documented(reviewEntrySchema.extend({ frameId: z.string() }), {
  id: 'Review',
  description: 'The review as recorded.',
});

/** One view of a frame's original, unblurred image, as the trail keeps it. */
export const originalImageAccessSchema = documented(
  z.object({
    by: documented(z.string(), {
      description: "Who fetched it: the caller's Cognito identity id or IAM ARN; `local` locally.",
    }),
    at: dateTime('When the presigned URL of the original was handed out.'),
  }),
  { id: 'OriginalImageAccess', description: 'One view of the original, unblurred image.' },
);

/** The answer of GET /frames/{frameId}/reviews. */
export const reviewTrailSchema = documented(
  z.object({
    frameId: z.string(),
    items: documented(z.array(reviewEntrySchema), { description: 'Oldest first.' }),
    originalImageAccesses: documented(z.array(originalImageAccessSchema), {
      description: 'Every view of the original image (GET .../image/original), oldest first.',
    }),
  }),
  { id: 'ReviewTrail', description: "A frame's review trail, oldest first." },
);

/** The review's schema is the domain's; a drift on either side fails to compile. */
export type ReviewSchemaMatchesDomain = Assert<
  Same<z.infer<typeof personReviewSchema>, PersonReview>
>;
