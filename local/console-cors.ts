import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request headers the console may send, as CONSOLE-CONTRACT.md lists them. */
export const CORS_ALLOWED_HEADERS =
  'Content-Type, Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256, Idempotency-Key';

/**
 * CORS for the console's origin only (a stop-gap until the API's own CORS lands, helper A): every
 * answer carries `Access-Control-Allow-Origin: <console origin>`, and a preflight `OPTIONS` is
 * answered 204 without auth. Returns true when the request was a preflight and is answered.
 */
export function answerConsoleCors(
  origin: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  if (!origin) return false;
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Vary', 'Origin');
  if (request.method !== 'OPTIONS') return false;
  request.resume();
  response.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, PUT, POST, OPTIONS',
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  });
  response.end();
  return true;
}
