import { makeDynamoDbReviewStore } from '../adapters/dynamodb-review-store.js';
import { makeRecordReview } from '../core/record-review.js';
import { withCors } from '../handlers/cors.js';
import { makeReviewHandler } from '../handlers/review.js';
import { documentClient } from './clients.js';
import { consoleOrigins, requireEnv } from './env.js';
import { instrument, logError } from './powertools.js';

const store = makeDynamoDbReviewStore(documentClient(), { tableName: requireEnv('TABLE_NAME') });

/** Lambda entry of PUT /frames/{frameId}/persons/{personId}/review and GET /frames/{frameId}/reviews. */
export const handler = instrument(
  withCors(
    makeReviewHandler({ recordReview: makeRecordReview({ store }), store, logError }),
    consoleOrigins(),
  ),
);
