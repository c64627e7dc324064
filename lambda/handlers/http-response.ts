import type { APIGatewayProxyResult } from 'aws-lambda';

/** A JSON response as API Gateway's Lambda proxy integration expects it. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** The contract's error body: a code to branch on and a message that says what to do. */
export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): APIGatewayProxyResult {
  return jsonResponse(statusCode, { error: { code, message, ...extra } }, headers);
}

/** A header's value, whatever the case the client sent it in. */
export function header(
  headers: Record<string, string | undefined> | null | undefined,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
