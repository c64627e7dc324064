import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isTimelineCursor } from '../adapters/dynamodb-results-queries.js';
import type { BuildReport } from '../core/build-report.js';
import type { CameraTimeline } from '../core/camera-timeline.js';
import { InvalidCursorError } from '../core/errors.js';
import { CAMERA_ID_PATTERN } from '../schemas/frame-request.js';
import {
  cameraFramesQuerySchema,
  complianceQuerySchema,
  describeQueryIssue,
  MAX_REPORT_DAYS,
} from '../schemas/read-queries.js';
import { errorResponse, jsonResponse } from './http-response.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
import { storeErrorResponse } from './store-errors.js';

/** What the read routes need. */
export interface QueryResultsDeps {
  cameraTimeline: CameraTimeline;
  buildReport: BuildReport;
  logError: (message: string, error: unknown) => void;
  now?: () => Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const hourFloor = (ms: number) => Math.floor(ms / HOUR) * HOUR;

const invalidNextToken = () =>
  errorResponse(
    400,
    'INVALID_QUERY',
    'Query parameter "nextToken" was not issued for this camera and filter: repeat the query without it.',
  );

/**
 * The read routes: a camera's timeline (GET /cameras/{cameraId}/frames) and the compliance
 * report (GET /reports/compliance). Both validate their query strings and name what is wrong.
 */
export function makeQueryResultsHandler(deps: QueryResultsDeps) {
  const now = deps.now ?? (() => new Date());

  async function cameraFrames(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const cameraId = event.pathParameters?.cameraId ?? '';
    if (!CAMERA_ID_PATTERN.test(cameraId)) {
      return errorResponse(
        400,
        'INVALID_CAMERA_ID',
        'The camera id in the path must be 1 to 64 letters, digits, ".", "_" or "-".',
      );
    }
    const parsed = cameraFramesQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success)
      return errorResponse(400, 'INVALID_QUERY', describeQueryIssue(parsed.error));
    const { nextToken, limit = 25, ...filter } = parsed.data;
    if (filter.from && filter.to && filter.from >= filter.to) {
      return errorResponse(400, 'INVALID_QUERY', 'Query parameter "from" must be before "to".');
    }
    const scope = { cameraId, ...filter };
    const cursor = nextToken ? decodeNextToken(nextToken, scope) : undefined;
    if (nextToken && !(cursor && isTimelineCursor(cursor, scope))) {
      return invalidNextToken();
    }
    const page = await deps.cameraTimeline({
      cameraId,
      ...filter,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return jsonResponse(200, {
      cameraId,
      items: page.items,
      ...(page.cursor ? { nextToken: encodeNextToken(page.cursor, scope) } : {}),
    });
  }

  async function complianceReport(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const parsed = complianceQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success)
      return errorResponse(400, 'INVALID_QUERY', describeQueryIssue(parsed.error));
    const { groupBy = 'camera', interval = 'day' } = parsed.data;
    // Whole hours: from rounds down, to rounds up.
    const to = Math.ceil(Date.parse(parsed.data.to ?? now().toISOString()) / HOUR) * HOUR;
    const from = hourFloor(parsed.data.from ? Date.parse(parsed.data.from) : to - 7 * DAY);
    if (from >= to) {
      return errorResponse(400, 'INVALID_QUERY', 'Query parameter "from" must be before "to".');
    }
    if (to - from > MAX_REPORT_DAYS * DAY) {
      return errorResponse(
        400,
        'INVALID_QUERY',
        `Query parameters "from" and "to" may span at most ${MAX_REPORT_DAYS} days: split the report.`,
      );
    }
    const report = await deps.buildReport({ from, to, groupBy, interval });
    return jsonResponse(200, {
      ...report,
      groups: report.groups.map(({ key, ...group }) => ({ [groupBy]: key, ...group })),
    });
  }

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    try {
      if (event.resource === '/cameras/{cameraId}/frames') return await cameraFrames(event);
      if (event.resource === '/reports/compliance') return await complianceReport(event);
      return errorResponse(404, 'NOT_FOUND', `No route ${event.httpMethod} ${event.resource}.`);
    } catch (error) {
      if (error instanceof InvalidCursorError) return invalidNextToken();
      deps.logError(`GET ${event.resource} failed`, error);
      const unavailable = storeErrorResponse(error);
      if (unavailable) return unavailable;
      return errorResponse(
        500,
        'INTERNAL_ERROR',
        'The query failed because of an internal error, which is logged: retry.',
      );
    }
  };
}
