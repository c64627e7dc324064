import { storedFrameSchema } from '../../../lambda/schemas/frame-result.js';
import { framePathSchema } from '../../../lambda/schemas/parameters.js';
import type { Route } from '../route.js';

/** GET /frames/{frameId}: a stored result or rejection. */
export const GET_FRAME: Route = {
  method: 'get',
  path: '/frames/{frameId}',
  operationId: 'getFrame',
  tags: ['Frames'],
  summary: 'Read a stored frame result',
  description:
    'Returns a stored frame, whichever path it came in by: the result in the shape of the `POST /frames` response (`FrameResult`), or, for a frame that could not be analysed, its rejection (`FrameRejection`, `"status": "rejected"`). A frame uploaded to S3 a moment ago answers 404 until its analysis is stored. Results are kept for the configured result retention.',
  parameters: { path: framePathSchema },
  responses: {
    '200': {
      description: 'The stored result, or the stored rejection.',
      schema: storedFrameSchema,
      examples: {
        violation: {
          $ref: '#/components/examples/FrameResultViolation',
        },
        compliant: {
          $ref: '#/components/examples/FrameResultCompliant',
        },
        rejected: {
          summary: 'A frame that Rekognition could not read',
          value: {
            frameId: 's3-7d41c0e2b95a4f68a3e0d17c52b9f6a4',
            cameraId: 'cam-01',
            location: 'plant-3/line-2',
            capturedAt: '2026-11-27T08:59:40.000Z',
            source: 's3',
            status: 'rejected',
            rejection: {
              reason: 'not-an-image',
              message:
                'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image. (InvalidImageFormatException)',
            },
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_FRAME_ID`: the id in the path cannot be a frame id (letters, digits and "-", at most 80). API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
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
        missingParameter: {
          summary: 'API Gateway found no frame id in the path (INVALID_PARAMETER)',
          value: {
            error: {
              code: 'INVALID_PARAMETER',
              message: 'Missing required request parameters: [frameId]',
            },
          },
        },
      },
    },
    '403': 'Forbidden',
    '404': {
      description:
        '`FRAME_NOT_FOUND`: no stored result for this id, because the id is wrong, the result has expired, or an S3 upload is still in analysis.',
      examples: {
        notFound: {
          summary: 'No such frame (yet)',
          value: {
            error: {
              code: 'FRAME_NOT_FOUND',
              message:
                'No stored result for frame s3-0c9f3a7d1e4b8562a9d07f1c3e6b2a58: check the id; a frame uploaded to S3 a moment ago may still be in analysis.',
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
