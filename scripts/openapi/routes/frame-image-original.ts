import { frameImageResponseSchema } from '../../../lambda/schemas/frame-image.js';
import { framePathSchema } from '../../../lambda/schemas/parameters.js';
import type { Route } from '../route.js';
import { IMAGE_ERRORS } from './frame-image.js';

/** GET /frames/{frameId}/image/original: the unblurred image, for auditors, every access recorded. */
export const FRAME_IMAGE_ORIGINAL: Route = {
  method: 'get',
  path: '/frames/{frameId}/image/original',
  operationId: 'getFrameImageOriginal',
  tags: ['Frames'],
  summary: "A frame's original image (auditors)",
  description:
    'Answers a presigned GET URL (10 minutes) of the unblurred image: for an API-path frame the kept copy under `frames/`, for an S3-path frame the uploaded object version itself. Each access is appended to the frame\'s trail (`{"kind": "original-image-access", "by", "at"}`, `by` being the caller\'s Cognito identity or IAM ARN) before the URL is answered. For auditors only: grant `execute-api:Invoke` on this path to the auditor role alone.',
  parameters: { path: framePathSchema },
  responses: {
    '200': {
      description: 'A URL of the original image.',
      schema: frameImageResponseSchema,
      examples: {
        original: {
          summary: 'The original of an S3-path frame',
          value: {
            url: 'https://ppe-ingest-bucket.s3.eu-west-1.amazonaws.com/incoming/cam-01/2026-11-27T09-00-00.jpg?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600&X-Amz-Signature=…',
            expiresAt: '2026-11-27T09:10:00.000Z',
            variant: 'original',
            width: 1920,
            height: 1280,
          },
        },
      },
    },
    ...IMAGE_ERRORS,
    '503': 'StoreUnavailable',
  },
};
