import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One Logger, Metrics and Tracer per function, configured by the POWERTOOLS_* environment the
 * stack sets (service name, metrics namespace).
 */
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/** Logs an unexpected error with its stack, which the caller never sees. */
export function logError(message: string, error: unknown): void {
  if (error instanceof Error) logger.error(message, error);
  else logger.error(message, { error: String(error) });
}

/**
 * Wraps a handler with the per-invocation work: the request context in every log line, and
 * metrics flushed as EMF at the end, even when the handler throws.
 */
export function instrument<E, R>(
  handler: (event: E) => Promise<R>,
): (event: E, context: { awsRequestId?: string; functionName?: string }) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context as Parameters<Logger['addContext']>[0]);
    metrics.captureColdStartMetric();
    try {
      return await handler(event);
    } finally {
      // Read-only functions often record nothing: publishing then only logs a warning.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
