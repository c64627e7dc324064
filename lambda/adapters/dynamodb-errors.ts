import { StoreUnavailableError } from '../core/errors.js';

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

/** DynamoDB's answers for a request over a table's, a partition's or the account's throughput. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);
/** Another request holds an item this one touches; the same request may pass a moment later. */
const CONFLICTS = new Set(['TransactionConflictException', 'TransactionInProgressException']);
const THROTTLING_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

/** The codes of a cancelled transaction's reasons; empty for any other error. */
export function cancellationCodes(error: unknown): string[] {
  const { name, CancellationReasons } = (error ?? {}) as AwsError;
  if (name !== 'TransactionCanceledException') return [];
  return (CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** Whether a transaction was cancelled only because another request held one of its items. */
export function isTransactionConflict(error: unknown): boolean {
  const codes = cancellationCodes(error);
  return (
    codes.includes('TransactionConflict') &&
    codes.every((code) => code === 'TransactionConflict' || code === 'None')
  );
}

/**
 * Sorts a DynamoDB failure: throttling, 5xx and conflicts become a StoreUnavailableError (retry
 * later); anything else (a condition, a validation error, access denied) is returned as it is.
 */
export function classifyDynamoDbError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const { name = 'Error', message = String(error), $metadata } = (error ?? {}) as AwsError;
  const codes = cancellationCodes(error);
  const throttled = THROTTLING.has(name) || codes.some((code) => THROTTLING_REASONS.has(code));
  const status = $metadata?.httpStatusCode;
  const transient =
    throttled ||
    CONFLICTS.has(name) ||
    isTransactionConflict(error) ||
    name === 'InternalServerError' ||
    (status !== undefined && status >= 500);
  if (!transient) return error;
  const what = throttled ? 'throttling' : 'unavailable';
  return new StoreUnavailableError(`DynamoDB is ${what} (${name}: ${message})`, throttled, {
    cause: error,
  });
}

/**
 * Wraps every method of a port so that its transient DynamoDB failures reach the caller as
 * StoreUnavailableError, which handlers answer with 503 (API) or a retry (SQS).
 */
export function withStoreErrors<T extends object>(port: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(port)) {
    wrapped[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await method(...args);
            } catch (error) {
              throw classifyDynamoDbError(error);
            }
          }
        : method;
  }
  return wrapped as T;
}
