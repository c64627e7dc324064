import { camerasQuerySchema } from '../../../lambda/schemas/read-queries.js';
import { camerasSchema } from '../../../lambda/schemas/read-responses.js';
import type { Route } from '../route.js';

/** GET /cameras: every camera with its newest frame. */
export const CAMERAS: Route = {
  method: 'get',
  path: '/cameras',
  operationId: 'listCameras',
  tags: ['Cameras'],
  summary: 'List the cameras with their newest frame',
  description:
    'Every camera that stored a frame within the result retention, sorted by `cameraId`, with its newest frame by capture time (status, persons, missing equipment). The list is updated just after each frame is stored: if that update fails, a camera shows its previous frame until its next one.',
  parameters: { query: camerasQuerySchema },
  responses: {
    '200': {
      description: 'The cameras, sorted by id.',
      schema: camerasSchema,
      examples: {
        cameras: {
          summary: 'Two cameras',
          value: {
            items: [
              {
                cameraId: 'cam-01',
                location: 'plant-3/line-2',
                lastFrame: {
                  frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
                  capturedAt: '2026-11-27T09:00:05.000Z',
                  status: 'violation',
                  personsTotal: 4,
                  missingEquipment: ['HEAD_COVER'],
                },
              },
              {
                cameraId: 'cam-02',
                lastFrame: {
                  frameId: 's3-7d41c0e2b95a4f68a3e0d17c52b9f6a4',
                  capturedAt: '2026-11-27T08:59:40.000Z',
                  status: 'rejected',
                  personsTotal: 0,
                  missingEquipment: [],
                },
              },
            ],
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_QUERY`: the route takes no query parameters. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        unknownParameter: {
          summary: 'A query parameter the route does not take',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message: 'Unknown query parameter(s) "status": remove them.',
            },
          },
        },
        gateway: {
          summary: 'A malformed request',
          value: {
            error: {
              code: 'BAD_REQUEST',
              message: 'Invalid key=value pair (missing equal-sign) in Authorization header.',
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
