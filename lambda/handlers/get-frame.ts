import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ResultsStore } from '../core/ports.js';
import { FRAME_ID_PATTERN } from '../schemas/parameters.js';
import { errorResponse, jsonResponse } from './http-response.js';
import { storeErrorResponse } from './store-errors.js';

/** What the GET /frames/{frameId} handler needs: only the read side of the store. */
export interface GetFrameDeps {
  store: Pick<ResultsStore, 'getFrame'>;
  logError: (message: string, error: unknown) => void;
}

/** GET /frames/{frameId}: the stored result in the POST response's shape, or the rejection. */
export function makeGetFrameHandler(deps: GetFrameDeps) {
  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const frameId = event.pathParameters?.frameId ?? '';
    if (!FRAME_ID_PATTERN.test(frameId)) {
      return errorResponse(
        400,
        'INVALID_FRAME_ID',
        'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
      );
    }
    try {
      const frame = await deps.store.getFrame(frameId);
      if (!frame) {
        return errorResponse(
          404,
          'FRAME_NOT_FOUND',
          `No stored result for frame ${frameId}: check the id; a frame uploaded to S3 a moment ago may still be in analysis.`,
        );
      }
      return jsonResponse(200, frame);
    } catch (error) {
      deps.logError('GET /frames/{frameId} failed', error);
      const unavailable = storeErrorResponse(error);
      if (unavailable) return unavailable;
      return errorResponse(
        500,
        'INTERNAL_ERROR',
        'The result could not be read because of an internal error, which is logged: retry.',
      );
    }
  };
}
