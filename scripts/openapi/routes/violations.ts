import { violationsQuerySchema } from '../../../lambda/schemas/read-queries.js';
import { violationsPageSchema } from '../../../lambda/schemas/read-responses.js';
import type { Route } from '../route.js';

/** GET /violations: persons in violation across cameras, newest first. */
export const VIOLATIONS: Route = {
  method: 'get',
  path: '/violations',
  operationId: 'listViolations',
  tags: ['Reviews'],
  summary: 'Page through persons in violation across cameras',
  description:
    'Every person in violation in the period (`from` inclusive, `to` exclusive; default the last 24 hours, at most 31 days), newest first, across cameras, each with their current review (`null` while unreviewed). Filter by camera, location prefix, missing equipment type and review state. A page holds at most `limit` persons and may hold fewer even when more follow: keep requesting with `nextToken` until a page comes without one. A token is only valid for the filters and period that produced it.',
  parameters: { query: violationsQuerySchema },
  responses: {
    '200': {
      description:
        'One page of persons in violation, newest first; `nextToken` when more may follow.',
      schema: violationsPageSchema,
      examples: {
        page: {
          summary: 'A reviewed and an unreviewed person',
          value: {
            items: [
              {
                frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
                personId: 2,
                cameraId: 'cam-01',
                location: 'plant-3/line-2',
                capturedAt: '2026-11-27T09:00:00.000Z',
                missingEquipment: ['HEAD_COVER'],
                confidence: 99.8,
                boundingBox: { left: 0.1, top: 0.2, width: 0.2, height: 0.7 },
                review: {
                  disposition: 'false-positive',
                  reviewedBy: 'eu-west-1:7b3c1e52-0d4a-4f6e-9a18-2c5b7d9e0f31',
                  reviewedAt: '2026-11-27T09:14:03.120Z',
                },
              },
              {
                frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
                personId: 1,
                cameraId: 'cam-01',
                location: 'plant-3/line-2',
                capturedAt: '2026-11-27T09:00:00.000Z',
                missingEquipment: ['HEAD_COVER', 'HAND_COVER'],
                confidence: 99.9,
                boundingBox: { left: 0.5, top: 0.18, width: 0.21, height: 0.74 },
                review: null,
              },
            ],
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_QUERY`: a query parameter is malformed or unknown, `from` is not before `to`, the period spans more than 31 days, or `nextToken` was not issued for these filters and period. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        invalidEquipment: {
          summary: 'An unknown equipment type',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameter "equipment" must be one of FACE_COVER, HEAD_COVER, HAND_COVER.',
            },
          },
        },
        invalidNextToken: {
          summary: 'A token from another query',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameter "nextToken" was not issued for these filters and range: repeat the query without it.',
            },
          },
        },
      },
    },
    '403': 'Forbidden',
    '429': 'Throttled',
    '500': 'InternalError',
    '503': 'StoreUnavailable',
  },
};
