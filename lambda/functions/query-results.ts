import { makeDynamoDbResultsQueries } from '../adapters/dynamodb-results-queries.js';
import { makeQueryResultsHandler } from '../handlers/query-results.js';
import { documentClient } from './clients.js';
import { requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

/** Lambda entry of GET /cameras/{cameraId}/frames and GET /reports/compliance. */
export const handler = instrument(
  makeQueryResultsHandler({
    queries: makeDynamoDbResultsQueries(documentClient(), requireEnv('TABLE_NAME')),
    logError,
  }),
);
