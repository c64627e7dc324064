import { makeDynamoDbResultsQueries } from '../adapters/dynamodb-results-queries.js';
import { makeBuildReport } from '../core/build-report.js';
import { makeCameraTimeline } from '../core/camera-timeline.js';
import { makeListViolations } from '../core/list-violations.js';
import { withCors } from '../handlers/cors.js';
import { makeQueryResultsHandler } from '../handlers/query-results.js';
import { documentClient } from './clients.js';
import { consoleOrigins, requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

const queries = makeDynamoDbResultsQueries(documentClient(), requireEnv('TABLE_NAME'));

/**
 * Lambda entry of the read routes: GET /cameras, GET /cameras/{cameraId}/frames,
 * GET /violations and GET /reports/compliance.
 */
export const handler = instrument(
  withCors(
    makeQueryResultsHandler({
      cameraTimeline: makeCameraTimeline(queries),
      buildReport: makeBuildReport(queries),
      listViolations: makeListViolations(queries),
      listCameras: queries.cameras,
      logError,
    }),
    consoleOrigins(),
  ),
);
