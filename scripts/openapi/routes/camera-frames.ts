import { cameraPathSchema } from '../../../lambda/schemas/parameters.js';
import { cameraFramesQuerySchema } from '../../../lambda/schemas/read-queries.js';
import { cameraFramesSchema } from '../../../lambda/schemas/read-responses.js';
import type { Route } from '../route.js';

/** GET /cameras/{cameraId}/frames: a camera's timeline. */
export const CAMERA_FRAMES: Route = {
  method: 'get',
  path: '/cameras/{cameraId}/frames',
  operationId: 'listCameraFrames',
  tags: ['Cameras'],
  summary: "Page through a camera's frames",
  description:
    "The frames of one camera, newest first (by capture time), as timeline entries: each frame's status, summary and missing equipment, without per-person detail (read that with `GET /frames/{frameId}`). Filter by capture time (`from` inclusive, `to` exclusive) and by frame status. A page holds at most `limit` entries and may hold fewer even when more follow: keep requesting with `nextToken` until a page comes without one. A token is only valid for the camera and filters that produced it.",
  parameters: { path: cameraPathSchema, query: cameraFramesQuerySchema },
  responses: {
    '200': {
      description:
        "One page of the camera's frames, newest first; `nextToken` when more may follow.",
      schema: cameraFramesSchema,
      examples: {
        page: {
          summary: 'A page of three frames, with more to follow',
          value: {
            cameraId: 'cam-01',
            items: [
              {
                frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
                capturedAt: '2026-11-27T09:00:05.000Z',
                status: 'compliant',
                source: 'api',
                location: 'plant-3/line-2',
                policy: 'default',
                requiredEquipment: ['FACE_COVER'],
                minConfidence: 80,
                summary: {
                  personsWithRequiredEquipment: [0, 1, 2, 3],
                  personsWithoutRequiredEquipment: [],
                  personsIndeterminate: [],
                },
                personsTotal: 4,
                missingEquipment: [],
                alert: false,
              },
              {
                frameId: '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90',
                capturedAt: '2026-11-27T09:00:00.000Z',
                status: 'violation',
                source: 'api',
                location: 'plant-3/line-2',
                policy: 'default',
                requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
                minConfidence: 80,
                summary: {
                  personsWithRequiredEquipment: [],
                  personsWithoutRequiredEquipment: [0, 1, 2, 3],
                  personsIndeterminate: [],
                },
                personsTotal: 4,
                missingEquipment: ['HAND_COVER'],
                alert: true,
                alertState: 'sent',
              },
              {
                frameId: 's3-7d41c0e2b95a4f68a3e0d17c52b9f6a4',
                capturedAt: '2026-11-27T08:59:40.000Z',
                status: 'rejected',
                source: 's3',
                location: 'plant-3/line-2',
                personsTotal: 0,
                missingEquipment: [],
                rejection: {
                  reason: 'not-an-image',
                  message:
                    'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image. (InvalidImageFormatException)',
                },
              },
            ],
            nextToken:
              'eyJjIjp7InBrIjoiRlJBTUUjczMtN2Q0MWMwZTJiOTVhNGY2OGEzZTBkMTdjNTJiOWY2YTQiLCJzayI6IkZSQU1FIiwiZ3NpMXBrIjoiQ0FNRVJBI2NhbS0wMSIsImdzaTFzayI6IjIwMjYtMTEtMjdUMDg6NTk6NDAuMDAwWiNzMy03ZDQxYzBlMmI5NWE0ZjY4YTNlMGQxN2M1MmI5ZjZhNCJ9LCJzIjoiMWpILXpTNUw2aWRwT1Z6SyJ9',
          },
        },
        empty: {
          summary: 'No frames match',
          value: {
            cameraId: 'cam-09',
            items: [],
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_CAMERA_ID`: the camera id in the path is malformed. `INVALID_QUERY`: a query parameter is malformed or unknown, `from` is not before `to`, or `nextToken` was not issued for this camera and these filters. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        invalidCameraId: {
          summary: 'A malformed camera id',
          value: {
            error: {
              code: 'INVALID_CAMERA_ID',
              message:
                'The camera id in the path must be 1 to 64 letters, digits, ".", "_" or "-".',
            },
          },
        },
        missingParameter: {
          summary: 'API Gateway found no camera id in the path (INVALID_PARAMETER)',
          value: {
            error: {
              code: 'INVALID_PARAMETER',
              message: 'Missing required request parameters: [cameraId]',
            },
          },
        },
        invalidLimit: {
          summary: 'limit out of range',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message: 'Query parameter "limit" must be a whole number from 1 to 100.',
            },
          },
        },
        invalidStatus: {
          summary: 'An unknown status',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameter "status" must be one of violation, indeterminate, compliant, rejected.',
            },
          },
        },
        foreignToken: {
          summary: 'A nextToken from another query',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameter "nextToken" was not issued for this camera and filter: repeat the query without it.',
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
