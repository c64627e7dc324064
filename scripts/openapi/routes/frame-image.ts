import { frameImageResponseSchema } from '../../../lambda/schemas/frame-image.js';
import { framePathSchema } from '../../../lambda/schemas/parameters.js';
import type { Route, RouteResponse } from '../route.js';

const frameId = '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90';
const error = (code: string, message: string) => ({ value: { error: { code, message } } });

/** What both image routes answer besides the image: bad ids, unknown frames, no image. */
export const IMAGE_ERRORS: Record<string, RouteResponse | string> = {
  '400': {
    description:
      '`INVALID_FRAME_ID`: the id in the path cannot be a frame id (letters, digits and "-", at most 80). API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
    examples: {
      invalidFrameId: {
        summary: 'Not a frame id',
        ...error(
          'INVALID_FRAME_ID',
          'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
        ),
      },
      missingParameter: {
        summary: 'API Gateway found no frame id in the path (INVALID_PARAMETER)',
        ...error('INVALID_PARAMETER', 'Missing required request parameters: [frameId]'),
      },
    },
  },
  '403': 'Forbidden',
  '404': {
    description:
      '`FRAME_NOT_FOUND`: no stored result for this id. `IMAGE_NOT_FOUND`: the frame has no stored image: it was rejected, stored before images were kept, or its image is past the image retention (`imageRetentionDays`).',
    examples: {
      frameNotFound: {
        summary: 'No such frame',
        ...error(
          'FRAME_NOT_FOUND',
          `No stored result for frame ${frameId}: check the id; a frame uploaded to S3 a moment ago may still be in analysis.`,
        ),
      },
      imageNotFound: {
        summary: 'The image has expired',
        ...error(
          'IMAGE_NOT_FOUND',
          `Frame ${frameId} has no stored image: it was rejected, stored before images were kept, or its image is past the image retention.`,
        ),
      },
    },
  },
  '429': 'Throttled',
  '500': 'InternalError',
};

const STORE_UNAVAILABLE = {
  summary: 'DynamoDB is unavailable (Retry-After: 5)',
  ...error(
    'STORE_UNAVAILABLE',
    'The results table is unavailable: retry after the Retry-After seconds.',
  ),
};

/** GET /frames/{frameId}/image: the blurred copy, made on the first view. */
export const FRAME_IMAGE: Route = {
  method: 'get',
  path: '/frames/{frameId}/image',
  operationId: 'getFrameImage',
  tags: ['Frames'],
  summary: "A frame's image with every head blurred",
  description:
    "Answers a presigned GET URL (10 minutes) of the frame's image with every person's head pixelated and blurred. The blurred copy is made on the first view, from a head region estimated from each person box (its top 30% and central 70%, widened to any face or head cover box, with a margin), and cached for the image retention. If no blurred copy can be made, no image is shown: 503 `BLUR_UNAVAILABLE`, never the original. For viewers and up; the original is `GET /frames/{frameId}/image/original`.",
  parameters: { path: framePathSchema },
  responses: {
    '200': {
      description: 'A URL of the blurred copy.',
      schema: frameImageResponseSchema,
      examples: {
        blurred: {
          summary: 'The blurred copy of an API-path frame',
          value: {
            url: `https://ppe-ingest-bucket.s3.eu-west-1.amazonaws.com/blurred/${frameId}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600&X-Amz-Signature=…`,
            expiresAt: '2026-11-27T09:10:00.000Z',
            variant: 'blurred',
            width: 1920,
            height: 1280,
          },
        },
      },
    },
    ...IMAGE_ERRORS,
    '503': {
      description:
        '`BLUR_UNAVAILABLE`: no blurred copy could be made (the cause is logged), so no image is shown: retry after `Retry-After` seconds. `STORE_THROTTLED` or `STORE_UNAVAILABLE`: DynamoDB could not be read.',
      headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
      examples: {
        blurUnavailable: {
          summary: 'No blurred copy could be made (Retry-After: 5)',
          ...error(
            'BLUR_UNAVAILABLE',
            `No blurred copy of frame ${frameId} could be made, so no image is shown: retry later; the cause is logged.`,
          ),
        },
        storeThrottled: {
          summary: 'DynamoDB is throttling (Retry-After: 2)',
          ...error(
            'STORE_THROTTLED',
            'The results table is busy: retry after the Retry-After seconds.',
          ),
        },
        storeUnavailable: STORE_UNAVAILABLE,
      },
    },
  },
};
