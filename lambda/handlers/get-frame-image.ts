import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { FrameImage, ImageVariant } from '../core/frame-image.js';
import type { FrameImageResponse } from '../schemas/frame-image.js';
import { FRAME_ID_PATTERN } from '../schemas/parameters.js';
import { errorResponse, jsonResponse } from './http-response.js';
import { storeErrorResponse } from './store-errors.js';

/** What the image routes need. */
export interface GetFrameImageDeps {
  frameImage: FrameImage;
  logError: (message: string, error: unknown) => void;
  /** Who asks, when the request context names nobody (the local runtime). */
  defaultCaller?: string;
}

/**
 * Who asks, as the request context names them: the Cognito identity (the console), else the IAM
 * user or role ARN, else the caller id.
 */
export function callerOf(event: APIGatewayProxyEvent, fallback = 'unknown'): string {
  const identity = event.requestContext?.identity;
  return identity?.cognitoIdentityId || identity?.userArn || identity?.caller || fallback;
}

/**
 * GET /frames/{frameId}/image (the blurred copy) and GET /frames/{frameId}/image/original
 * (auditors; recorded): a presigned URL to the image, never the original in place of a copy.
 */
export function makeGetFrameImageHandler(deps: GetFrameImageDeps) {
  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const frameId = event.pathParameters?.frameId ?? '';
    if (!FRAME_ID_PATTERN.test(frameId)) {
      return errorResponse(
        400,
        'INVALID_FRAME_ID',
        'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
      );
    }
    const variant: ImageVariant = event.resource?.endsWith('/original') ? 'original' : 'blurred';
    try {
      const outcome = await deps.frameImage({
        frameId,
        variant,
        by: callerOf(event, deps.defaultCaller),
      });
      switch (outcome.kind) {
        case 'frame-not-found':
          return errorResponse(
            404,
            'FRAME_NOT_FOUND',
            `No stored result for frame ${frameId}: check the id; a frame uploaded to S3 a moment ago may still be in analysis.`,
          );
        case 'image-not-found':
          return errorResponse(
            404,
            'IMAGE_NOT_FOUND',
            `Frame ${frameId} has no stored image: it was rejected, stored before images were kept, or its image is past the image retention.`,
          );
        case 'blur-unavailable':
          return errorResponse(
            503,
            'BLUR_UNAVAILABLE',
            `No blurred copy of frame ${frameId} could be made, so no image is shown: retry later; the cause is logged.`,
            { 'Retry-After': '5' },
          );
        default: {
          const { kind: _kind, ...body } = outcome;
          return jsonResponse(200, body satisfies FrameImageResponse);
        }
      }
    } catch (error) {
      deps.logError(`GET /frames/{frameId}/image (${variant}) failed`, error);
      const unavailable = storeErrorResponse(error);
      if (unavailable) return unavailable;
      return errorResponse(
        500,
        'INTERNAL_ERROR',
        'The image could not be found because of an internal error, which is logged: retry.',
      );
    }
  };
}
