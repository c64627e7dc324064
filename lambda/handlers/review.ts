import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ReviewStore } from '../core/ports.js';
import type { RecordReview } from '../core/record-review.js';
import { describeIssue } from '../schemas/frame-request.js';
import { FRAME_ID_PATTERN, PERSON_ID_PATTERN } from '../schemas/parameters.js';
import { reviewRequestSchema } from '../schemas/review.js';
import { errorResponse, jsonResponse } from './http-response.js';
import { storeErrorResponse } from './store-errors.js';

/** What the review routes need. */
export interface ReviewDeps {
  recordReview: RecordReview;
  store: Pick<ReviewStore, 'trail' | 'originalAccesses'>;
  logError: (message: string, error: unknown) => void;
}

/**
 * Who is calling, as API Gateway's IAM authorization established it: the Cognito identity of a
 * console user, else the IAM ARN or caller id of a signed request; `local` where no one signs
 * (the local runtime).
 */
export function reviewerOf(event: APIGatewayProxyEvent): string {
  const identity = event.requestContext?.identity;
  return identity?.cognitoIdentityId || identity?.userArn || identity?.caller || 'local';
}

const invalidFrameId = () =>
  errorResponse(
    400,
    'INVALID_FRAME_ID',
    'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
  );

const frameNotFound = (frameId: string) =>
  errorResponse(
    404,
    'FRAME_NOT_FOUND',
    `No stored result for frame ${frameId}: check the id; a frame uploaded to S3 a moment ago may still be in analysis.`,
  );

function parseJson(event: APIGatewayProxyEvent): { ok: true; value: unknown } | { ok: false } {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/**
 * PUT /frames/{frameId}/persons/{personId}/review (record a review) and
 * GET /frames/{frameId}/reviews (the frame's trail, oldest first).
 */
export function makeReviewHandler(deps: ReviewDeps) {
  async function putReview(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const frameId = event.pathParameters?.frameId ?? '';
    const rawPersonId = event.pathParameters?.personId ?? '';
    if (!FRAME_ID_PATTERN.test(frameId)) return invalidFrameId();
    if (!PERSON_ID_PATTERN.test(rawPersonId)) {
      return errorResponse(
        400,
        'INVALID_PERSON_ID',
        'The person id in the path must be the "personId" of a person in the frame: a whole number from 0.',
      );
    }
    const json = parseJson(event);
    if (!json.ok) {
      return errorResponse(
        400,
        'INVALID_JSON',
        'The body is not valid JSON: send {"disposition": "confirmed" | "false-positive" | "inconclusive", "comment"?: "..."}.',
      );
    }
    const parsed = reviewRequestSchema.safeParse(json.value);
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      return errorResponse(400, 'INVALID_FIELD', message, {}, { field });
    }
    const personId = Number(rawPersonId);
    const outcome = await deps.recordReview({
      frameId,
      personId,
      ...parsed.data,
      reviewedBy: reviewerOf(event),
    });
    switch (outcome.kind) {
      case 'recorded':
        return jsonResponse(200, { frameId, ...outcome.entry });
      case 'frame-not-found':
        return frameNotFound(frameId);
      case 'person-not-found':
        return errorResponse(
          404,
          'PERSON_NOT_FOUND',
          `Frame ${frameId} has no person ${personId}: take the "personId" from GET /frames/${frameId}.`,
        );
      case 'not-a-violation':
        return errorResponse(
          409,
          'NOT_A_VIOLATION',
          `Person ${personId} of frame ${frameId} is ${outcome.status}, not in violation: only violations are reviewed.`,
        );
    }
  }

  async function getTrail(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const frameId = event.pathParameters?.frameId ?? '';
    if (!FRAME_ID_PATTERN.test(frameId)) return invalidFrameId();
    const items = await deps.store.trail(frameId);
    if (!items) return frameNotFound(frameId);
    const originalImageAccesses = await deps.store.originalAccesses(frameId);
    return jsonResponse(200, { frameId, items, originalImageAccesses });
  }

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    try {
      if (event.resource === '/frames/{frameId}/persons/{personId}/review') {
        return await putReview(event);
      }
      if (event.resource === '/frames/{frameId}/reviews') return await getTrail(event);
      return errorResponse(404, 'NOT_FOUND', `No route ${event.httpMethod} ${event.resource}.`);
    } catch (error) {
      deps.logError(`${event.httpMethod} ${event.resource} failed`, error);
      const unavailable = storeErrorResponse(error);
      if (unavailable) return unavailable;
      return errorResponse(
        500,
        'INTERNAL_ERROR',
        'The review could not be handled because of an internal error, which is logged: retry.',
      );
    }
  };
}
