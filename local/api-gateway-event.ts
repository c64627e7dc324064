import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** What the proxy event is made from: one HTTP request as it arrived. */
export interface ProxyRequest {
  method: string;
  /** The path without the query string, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  /** Node's raw header list (name, value, name, value...), which keeps the client's casing. */
  rawHeaders: string[];
  body: string | null;
  sourceIp: string;
}

/** The API resource a request matched, with its decoded path parameters. */
export interface MatchedRoute {
  resource: string;
  pathParameters: Record<string, string> | null;
}

/** The stage the deployed REST API serves, which shows in the event's requestContext. */
export const STAGE = 'v1';

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** API Gateway's `requestTime`, e.g. `27/Nov/2026:09:00:00 +0000`. */
export function requestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function headerMaps(rawHeaders: string[]) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    // API Gateway keeps the last value in `headers` and all of them in `multiValueHeaders`.
    headers[name] = value;
    const values = multiValueHeaders[name] ?? [];
    values.push(value);
    multiValueHeaders[name] = values;
  }
  return { headers, multiValueHeaders };
}

function queryMaps(query: URLSearchParams) {
  if ([...query.keys()].length === 0) {
    return { queryStringParameters: null, multiValueQueryStringParameters: null };
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of query) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

/**
 * The REST API (v1) Lambda proxy event that API Gateway would send for this request: headers in
 * the client's casing, single and multi-value maps, path parameters, and a requestContext with a
 * fresh request id. No authorizer: the local routes need no authentication.
 */
export function toApiGatewayEvent(
  request: ProxyRequest,
  route: MatchedRoute,
): APIGatewayProxyEvent {
  const now = new Date();
  const { headers, multiValueHeaders } = headerMaps(request.rawHeaders);
  const userAgent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent');
  return {
    resource: route.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    ...queryMaps(request.query),
    pathParameters: route.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: headers.Host ?? headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      extendedRequestId: randomBytes(8).toString('base64url'),
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: userAgent?.[1] ?? null,
        userArn: null,
      },
      path: `/${STAGE}${request.path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: createHash('sha1').update(route.resource).digest('hex').slice(0, 6),
      resourcePath: route.resource,
      stage: STAGE,
    },
    body: request.body,
    isBase64Encoded: false,
  };
}

/** The proxy result as API Gateway sends it: status, headers (single and multi) and body. */
export interface HttpReply {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Turns a handler's proxy result into the HTTP reply; undefined when it is not a valid one. */
export function fromProxyResult(result: unknown): HttpReply | undefined {
  const proxy = result as Partial<APIGatewayProxyResult> | null | undefined;
  if (!proxy || typeof proxy.statusCode !== 'number') return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(proxy.multiValueHeaders ?? {})) {
    headers[name] = value.map(String);
  }
  for (const [name, value] of Object.entries(proxy.headers ?? {})) headers[name] = String(value);
  const text = typeof proxy.body === 'string' ? proxy.body : '';
  return {
    statusCode: proxy.statusCode,
    headers,
    body: Buffer.from(text, proxy.isBase64Encoded ? 'base64' : 'utf8'),
  };
}
