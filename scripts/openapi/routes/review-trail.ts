import { framePathSchema } from '../../../lambda/schemas/parameters.js';
import { reviewTrailSchema } from '../../../lambda/schemas/review.js';
import type { Route } from '../route.js';

/** GET /frames/{frameId}/reviews: a frame's append-only review trail. */
export const REVIEW_TRAIL: Route = {
  method: 'get',
  path: '/frames/{frameId}/reviews',
  operationId: 'listFrameReviews',
  tags: ['Reviews'],
  summary: "Read a frame's review trail",
  description:
    'Every review of the persons of a frame, oldest first: who, when and what, including the changes a later review overrode. Entries are never changed or removed; they expire with the frame.',
  parameters: { path: framePathSchema },
  responses: {
    '200': {
      description: 'The trail, oldest first.',
      schema: reviewTrailSchema,
      examples: {
        trail: {
          summary: 'A false positive, later confirmed',
          value: {
            frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
            items: [
              {
                personId: 2,
                disposition: 'false-positive',
                comment: 'The helmet is there, in shadow.',
                reviewedBy: 'eu-west-1:7b3c1e52-0d4a-4f6e-9a18-2c5b7d9e0f31',
                reviewedAt: '2026-11-27T09:14:03.120Z',
              },
              {
                personId: 2,
                disposition: 'confirmed',
                reviewedBy: 'arn:aws:sts::123456789012:assumed-role/ppe-auditor/ana',
                reviewedAt: '2026-11-28T07:30:41.007Z',
              },
            ],
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_FRAME_ID`: the id in the path cannot be a frame id. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        missingParameter: {
          summary: 'API Gateway found no frame id in the path (INVALID_PARAMETER)',
          value: {
            error: {
              code: 'INVALID_PARAMETER',
              message: 'Missing required request parameters: [frameId]',
            },
          },
        },
        invalidFrameId: {
          summary: 'Not a frame id',
          value: {
            error: {
              code: 'INVALID_FRAME_ID',
              message:
                'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
            },
          },
        },
      },
    },
    '403': 'Forbidden',
    '404': {
      description: '`FRAME_NOT_FOUND`: no stored frame has this id.',
      examples: {
        frameNotFound: {
          summary: 'No such frame',
          value: {
            error: {
              code: 'FRAME_NOT_FOUND',
              message:
                'No stored result for frame k-00000000000000000000000000000000: check the id; a frame uploaded to S3 a moment ago may still be in analysis.',
            },
          },
        },
      },
    },
    '429': 'Throttled',
    '500': 'InternalError',
    '503': 'StoreUnavailable',
  },
};
