import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isTimelineCursor } from '../adapters/dynamodb-results-queries.js';
import { isViolationsCursor } from '../adapters/dynamodb-violations-query.js';
import type { BuildReport } from '../core/build-report.js';
import type { CameraTimeline } from '../core/camera-timeline.js';
import { InvalidCursorError } from '../core/errors.js';
import type { ListViolations } from '../core/list-violations.js';
import type { CameraRecord, ViolationsCursor } from '../core/ports.js';
import { CAMERA_ID_PATTERN } from '../schemas/frame-request.js';
import {
  cameraFramesQuerySchema,
  camerasQuerySchema,
  complianceQuerySchema,
  describeQueryIssue,
  MAX_REPORT_DAYS,
  MAX_VIOLATION_DAYS,
  violationsQuerySchema,
} from '../schemas/read-queries.js';
import { errorResponse, jsonResponse } from './http-response.js';
import { decodeNextToken, decodeNextTokenCursor, encodeNextToken } from './next-token.js';
import { storeErrorResponse } from './store-errors.js';

/** What the read routes need. */
export interface QueryResultsDeps {
  cameraTimeline: CameraTimeline;
  buildReport: BuildReport;
  listViolations: ListViolations;
  listCameras: () => Promise<CameraRecord[]>;
  logError: (message: string, error: unknown) => void;
  now?: () => Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const hourFloor = (ms: number) => Math.floor(ms / HOUR) * HOUR;

/**
 * The range a violations token carries, if it can be one this API issued: ISO times, in order,
 * at most the longest span apart, and the very `from` and `to` of the query where it gives them.
 */
function validRange(
  range: { from?: unknown; to?: unknown },
  rawFrom: string | undefined,
  rawTo: string | undefined,
): { from: string; to: string } | undefined {
  const { from, to } = range;
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs >= toMs) return undefined;
  if (toMs - fromMs > MAX_VIOLATION_DAYS * DAY) return undefined;
  if (new Date(fromMs).toISOString() !== from || new Date(toMs).toISOString() !== to)
    return undefined;
  if (rawFrom && Date.parse(rawFrom) !== fromMs) return undefined;
  if (rawTo && Date.parse(rawTo) !== toMs) return undefined;
  return { from, to };
}

const invalidNextToken = (issuedFor = 'this camera and filter') =>
  errorResponse(
    400,
    'INVALID_QUERY',
    `Query parameter "nextToken" was not issued for ${issuedFor}: repeat the query without it.`,
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

  async function violations(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const parsed = violationsQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success)
      return errorResponse(400, 'INVALID_QUERY', describeQueryIssue(parsed.error));
    const { nextToken, limit = 25, from: rawFrom, to: rawTo, ...filter } = parsed.data;
    // Normalised, so that they compare with the stored capture times as strings.
    const toMs = rawTo ? Date.parse(rawTo) : now().getTime();
    const fromMs = rawFrom ? Date.parse(rawFrom) : toMs - DAY;
    if (fromMs >= toMs) {
      return errorResponse(400, 'INVALID_QUERY', 'Query parameter "from" must be before "to".');
    }
    if (toMs - fromMs > MAX_VIOLATION_DAYS * DAY) {
      return errorResponse(
        400,
        'INVALID_QUERY',
        `Query parameters "from" and "to" may span at most ${MAX_VIOLATION_DAYS} days: narrow the range.`,
      );
    }
    let range = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    // A token is bound to the query as given and carries the range of its first page, since a
    // default range moves with the clock between pages.
    const scope = { ...filter, from: rawFrom, to: rawTo };
    let cursor: ViolationsCursor | undefined;
    if (nextToken) {
      const carried = decodeNextTokenCursor(nextToken, scope) as
        | { r?: { from?: unknown; to?: unknown }; v?: unknown }
        | undefined;
      const carriedRange = carried?.r && validRange(carried.r, rawFrom, rawTo);
      if (!carriedRange || !isViolationsCursor(carried?.v, { ...carriedRange, limit })) {
        return invalidNextToken('these filters and range');
      }
      range = carriedRange;
      cursor = carried?.v as ViolationsCursor;
    }
    const page = await deps.listViolations({
      ...range,
      ...filter,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return jsonResponse(200, {
      items: page.items,
      ...(page.cursor ? { nextToken: encodeNextToken({ r: range, v: page.cursor }, scope) } : {}),
    });
  }

  return async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    try {
      if (event.resource === '/violations') return await violations(event);
      if (event.resource === '/cameras') {
        const parsed = camerasQuerySchema.safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) {
          return errorResponse(400, 'INVALID_QUERY', describeQueryIssue(parsed.error));
        }
        return jsonResponse(200, { items: await deps.listCameras() });
      }
      if (event.resource === '/cameras/{cameraId}/frames') return await cameraFrames(event);
      if (event.resource === '/reports/compliance') return await complianceReport(event);
      return errorResponse(404, 'NOT_FOUND', `No route ${event.httpMethod} ${event.resource}.`);
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        return invalidNextToken(
          event.resource === '/violations' ? 'these filters and range' : undefined,
        );
      }
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
