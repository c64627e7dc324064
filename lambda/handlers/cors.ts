import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { header } from './http-response.js';

/** The methods the console calls. */
export const CORS_ALLOW_METHODS = ['GET', 'PUT', 'POST', 'OPTIONS'] as const;

/** The headers the console sends: JSON, SigV4 signing, and POST /frames' Idempotency-Key. */
export const CORS_ALLOW_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
  'Idempotency-Key',
] as const;

/** Origins as a comma-separated list (the `CONSOLE_ORIGINS` variable): empty means none. */
export function parseOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

/**
 * The CORS headers of an answer to a request from `origin`: the origin itself when it is one of
 * the console's, none otherwise (a browser then keeps the answer from the page that asked).
 */
export function corsHeaders(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return allowed.length > 0 ? { Vary: 'Origin' } : {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/** The preflight answer's headers for an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS.join(', '),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(', '),
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/** Wraps an API handler so that every answer, errors included, carries the CORS headers. */
export function withCors(
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
  allowed: readonly string[],
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  if (allowed.length === 0) return handler;
  return async (event) => {
    const result = await handler(event);
    const cors = corsHeaders(header(event.headers, 'Origin'), allowed);
    return { ...result, headers: { ...result.headers, ...cors } };
  };
}
