import { makeDynamoDbResultsStore } from '../adapters/dynamodb-results-store.js';
import { withCors } from '../handlers/cors.js';
import { makeGetFrameHandler } from '../handlers/get-frame.js';
import { documentClient } from './clients.js';
import { consoleOrigins, requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

const store = makeDynamoDbResultsStore(documentClient(), {
  tableName: requireEnv('TABLE_NAME'),
  // Reads only: retention matters to writes, which this function cannot make.
  retentionDays: 1,
});

/** Lambda entry of GET /frames/{frameId}. */
export const handler = instrument(
  withCors(makeGetFrameHandler({ store, logError }), consoleOrigins()),
);
