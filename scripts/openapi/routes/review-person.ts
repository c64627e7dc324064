import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { personPathSchema } from '../../../lambda/schemas/parameters.js';
import { reviewRequestSchema, reviewResponseSchema } from '../../../lambda/schemas/review.js';
import { gatewayErrorBody } from '../../../lib/ingest-api.js';
import type { Route } from '../route.js';

const REVIEWED_AT = '2026-11-27T09:14:03.120Z';

/** PUT /frames/{frameId}/persons/{personId}/review: record a review. */
export const REVIEW_PERSON: Route = {
  method: 'put',
  path: '/frames/{frameId}/persons/{personId}/review',
  operationId: 'reviewPerson',
  tags: ['Reviews'],
  summary: 'Review a person in violation',
  description:
    "Records a reviewer's decision about a person in violation: it becomes the person's `review` (in `GET /frames/{frameId}` and `GET /violations`) and an entry of the frame's append-only trail (`GET /frames/{frameId}/reviews`). `false-positive` moves the person from `violations` to `falsePositives` in the compliance report, and another disposition moves them back; the same disposition again adds a trail entry and changes no count. `reviewedBy` is the caller's identity as API Gateway's IAM authorization established it.",
  parameters: { path: personPathSchema },
  requestBody: {
    schema: reviewRequestSchema,
    examples: {
      falsePositive: {
        summary: 'Not a violation',
        value: { disposition: 'false-positive', comment: 'The helmet is there, in shadow.' },
      },
      confirmed: { summary: 'A real violation', value: { disposition: 'confirmed' } },
    },
  },
  responses: {
    '200': {
      description: 'The review as recorded.',
      schema: reviewResponseSchema,
      examples: {
        recorded: {
          summary: 'A false positive',
          value: {
            frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
            personId: 2,
            disposition: 'false-positive',
            comment: 'The helmet is there, in shadow.',
            reviewedBy: 'eu-west-1:7b3c1e52-0d4a-4f6e-9a18-2c5b7d9e0f31',
            reviewedAt: REVIEWED_AT,
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_FRAME_ID` or `INVALID_PERSON_ID`: an id in the path is malformed. `INVALID_JSON`: the body is not JSON. `INVALID_FIELD`: `disposition` is not one of the three, `comment` is over 1000 characters, or a field is unknown (named in `field`). API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        invalidDisposition: {
          summary: 'An unknown disposition',
          value: {
            error: {
              code: 'INVALID_FIELD',
              message: '"disposition" must be one of confirmed, false-positive, inconclusive.',
              field: 'disposition',
            },
          },
        },
        notJson: {
          summary: 'A body that is not JSON',
          value: {
            error: {
              code: 'INVALID_JSON',
              message:
                'The body is not valid JSON: send {"disposition": "confirmed" | "false-positive" | "inconclusive", "comment"?: "..."}.',
            },
          },
        },
        missingParameter: {
          summary: 'API Gateway found no person id in the path (INVALID_PARAMETER)',
          value: {
            error: {
              code: 'INVALID_PARAMETER',
              message: 'Missing required request parameters: [personId]',
            },
          },
        },
        invalidPersonId: {
          summary: 'Not a person id',
          value: {
            error: {
              code: 'INVALID_PERSON_ID',
              message:
                'The person id in the path must be the "personId" of a person in the frame: a whole number from 0.',
            },
          },
        },
      },
    },
    '403': 'Forbidden',
    '404': {
      description:
        '`FRAME_NOT_FOUND`: no stored frame has this id. `PERSON_NOT_FOUND`: the frame has no person with this id.',
      examples: {
        personNotFound: {
          summary: 'No such person in the frame',
          value: {
            error: {
              code: 'PERSON_NOT_FOUND',
              message:
                'Frame k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18 has no person 7: take the "personId" from GET /frames/k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18.',
            },
          },
        },
      },
    },
    '409': {
      description:
        '`NOT_A_VIOLATION`: the person is compliant or indeterminate; only violations are reviewed.',
      examples: {
        notAViolation: {
          summary: 'A compliant person',
          value: {
            error: {
              code: 'NOT_A_VIOLATION',
              message:
                'Person 0 of frame k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18 is compliant, not in violation: only violations are reviewed.',
            },
          },
        },
      },
    },
    '413': {
      description:
        "`IMAGE_TOO_LARGE`: API Gateway's answer for any body over its limit (its message speaks of images, as it is the same for every route); a review body is far smaller.",
      examples: {
        tooLarge: {
          summary: "A body over API Gateway's limit",
          value: gatewayErrorBody(ResponseType.REQUEST_TOO_LARGE),
        },
      },
    },
    '429': 'Throttled',
    '500': 'InternalError',
    '503': 'StoreUnavailable',
  },
};
