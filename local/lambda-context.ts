import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** A function as the runtime invokes it: its handler, name and the deployed timeout. */
export interface LocalFunction<E, R> {
  name: string;
  timeoutMs: number;
  memoryMb: number;
  handler: (event: E, context: Context) => Promise<R>;
}

/** The invocation outlived the function's timeout, as Lambda would have cut it off. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

/** A Lambda-like context: request id, names, ARN and the time left before the timeout. */
export function makeContext(fn: LocalFunction<unknown, unknown>, region: string): Context {
  const deadline = Date.now() + fn.timeoutMs;
  const awsRequestId = randomUUID();
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported: return a promise.');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `${today}/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Invokes a handler with a fresh context and rejects with FunctionTimeoutError once its timeout
 * has passed (the handler's work is not stopped, as it would be in Lambda; its result is dropped).
 */
export async function invoke<E, R>(fn: LocalFunction<E, R>, event: E, region: string): Promise<R> {
  const context = makeContext(fn as LocalFunction<unknown, unknown>, region);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeoutError(`${fn.name} timed out after ${fn.timeoutMs} ms`)),
      fn.timeoutMs,
    );
  });
  try {
    return await Promise.race([fn.handler(event, context), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
