import type { APIGatewayProxyResult } from 'aws-lambda';
import { StoreUnavailableError } from '../core/errors.js';
import { errorResponse } from './http-response.js';

/**
 * The answer for a results-store failure that a retry can fix (DynamoDB throttling, 5xx, a
 * transaction that lost to concurrent writers too often): 503 with Retry-After, never a 500.
 * Undefined for any other error, which the route answers as its own internal error.
 */
export function storeErrorResponse(
  error: unknown,
  retryHint = 'retry',
): APIGatewayProxyResult | undefined {
  if (!(error instanceof StoreUnavailableError)) return undefined;
  if (error.throttled) {
    return errorResponse(
      503,
      'STORE_THROTTLED',
      `The results table is busy: ${retryHint} after the Retry-After seconds.`,
      { 'Retry-After': '2' },
    );
  }
  return errorResponse(
    503,
    'STORE_UNAVAILABLE',
    `The results table is unavailable: ${retryHint} after the Retry-After seconds.`,
    { 'Retry-After': '5' },
  );
}
