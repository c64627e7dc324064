import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { corsHeaders, preflightHeaders } from '../lambda/handlers/cors.js';
import { fromProxyResult, type MatchedRoute, toApiGatewayEvent } from './api-gateway-event.js';
import { BodyTooLargeError, readBody, sendJson } from './http-io.js';
import { FunctionTimeoutError, invoke, type LocalFunction } from './lambda-context.js';

type ProxyFunction = LocalFunction<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** One method of the REST API and the function behind it, as the stack wires them. */
export interface ApiRoute {
  method: string;
  /** API Gateway's resource path, with `{name}` for path parameters. */
  resource: string;
  fn: ProxyFunction;
}

/** What the local routes serve: the two API functions and the runtime's own views. */
export interface LocalRoutesDeps {
  routes: ApiRoute[];
  region: string;
  /** `GET /local/info`. */
  info: () => unknown;
  /** `GET /local/alerts`. */
  alerts: () => unknown[];
  /** `GET /local/dlq`. */
  deadLetters: () => unknown[];
  /**
   * `GET /local/reports` lists what the reports topic published; `POST /local/reports/run` runs
   * the scheduled report now (see local/local-reports.ts). @default none
   */
  reports?: {
    published: () => unknown[];
    run: (body: Buffer) => Promise<[number, unknown]>;
  };
  /** `GET /local/queue` shows it; `POST /local/queue` sends the body as a message. */
  queue: { send(body: string): string; stats(): object; sentMessages(): unknown[] };
  log: (line: string) => void;
  /**
   * The console's origins: their preflights are answered and every answer to them, errors
   * included, carries `Access-Control-Allow-Origin`, as the deployed API does. @default none
   */
  corsOrigins?: () => readonly string[];
}

/** API Gateway's payload limit for REST APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const MAX_QUEUE_MESSAGE_BYTES = 256 * 1024;

const INTERNAL_ERROR = {
  code: 'INTERNAL_ERROR',
  message:
    'Internal error: retry later; quote the x-amzn-RequestId response header if it persists.',
};

const errorBody = (code: string, message: string) => ({ error: { code, message } });

type Resolved =
  | { kind: 'function'; fn: ProxyFunction; route: MatchedRoute }
  | { kind: 'local'; answer: (body: Buffer) => [number, unknown] | Promise<[number, unknown]> }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

/** Path parameters when the path fits the resource template, else undefined. */
export function matchResource(resource: string, path: string): Record<string, string> | undefined {
  const template = resource.split('/');
  const segments = path.split('/');
  if (template.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name && segment !== '') {
      try {
        parameters[name] = decodeURIComponent(segment);
      } catch {
        parameters[name] = segment;
      }
    } else if (part !== segment) return undefined;
  }
  return parameters;
}

function resolve(deps: LocalRoutesDeps, method: string, path: string): Resolved {
  const methodOr = (allowed: string, resolved: Resolved): Resolved =>
    method === allowed ? resolved : { kind: 'method-not-allowed', allow: allowed };
  const matching = deps.routes
    .map((route) => ({ route, parameters: matchResource(route.resource, path) }))
    .filter((match) => match.parameters !== undefined);
  const exact = matching.find((match) => match.route.method === method);
  if (exact?.parameters) {
    const { resource, fn } = exact.route;
    const pathParameters = Object.keys(exact.parameters).length > 0 ? exact.parameters : null;
    return { kind: 'function', fn, route: { resource, pathParameters } };
  }
  if (matching.length > 0) {
    return { kind: 'method-not-allowed', allow: matching.map((m) => m.route.method).join(', ') };
  }
  const views: Record<string, () => unknown> = {
    '/local/info': deps.info,
    '/local/alerts': deps.alerts,
    '/local/dlq': deps.deadLetters,
  };
  const view = views[path];
  if (view) return methodOr('GET', { kind: 'local', answer: () => [200, view()] });
  const reports = deps.reports;
  if (reports && path === '/local/reports') {
    return methodOr('GET', { kind: 'local', answer: () => [200, reports.published()] });
  }
  if (reports && path === '/local/reports/run') {
    return methodOr('POST', { kind: 'local', answer: (body) => reports.run(body) });
  }
  if (path === '/local/queue') {
    if (method === 'GET') {
      const answer = (): [number, unknown] => [
        200,
        { ...deps.queue.stats(), messages: deps.queue.sentMessages() },
      ];
      return { kind: 'local', answer };
    }
    return methodOr('POST', {
      kind: 'local',
      answer: (body) => [202, { messageId: deps.queue.send(body.toString('utf8')) }],
    });
  }
  return { kind: 'not-found' };
}

async function callFunction(
  deps: LocalRoutesDeps,
  request: IncomingMessage,
  response: ServerResponse,
  resolved: { fn: ProxyFunction; route: MatchedRoute },
  body: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://local');
  const event = toApiGatewayEvent(
    {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      rawHeaders: request.rawHeaders,
      body: body.length > 0 ? body.toString('utf8') : null,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    },
    resolved.route,
  );
  const requestId = event.requestContext.requestId;
  const gatewayHeaders = { 'x-amzn-RequestId': requestId };
  try {
    const reply = fromProxyResult(await invoke(resolved.fn, event, deps.region));
    if (!reply) {
      deps.log(`${resolved.fn.name} returned a malformed proxy result (request ${requestId})`);
      sendJson(response, 502, { error: INTERNAL_ERROR }, gatewayHeaders);
      return;
    }
    response.writeHead(reply.statusCode, {
      ...reply.headers,
      'Content-Length': String(reply.body.length),
      ...gatewayHeaders,
    });
    response.end(reply.body);
  } catch (error) {
    const timedOut = error instanceof FunctionTimeoutError;
    deps.log(`${resolved.fn.name} failed (request ${requestId}): ${String(error)}`);
    sendJson(response, timedOut ? 504 : 502, { error: INTERNAL_ERROR }, gatewayHeaders);
  }
}

/**
 * The local API: `POST /frames` and `GET /frames/{frameId}` go to the production handlers as
 * API Gateway proxy events, the `/local/*` views show what the stand-ins hold. Errors that API
 * Gateway answers itself (unknown route, wrong method, payload over 10 MB, a function that
 * crashed or timed out) get the contract's error body.
 */
export function createLocalRoutes(deps: LocalRoutesDeps): Server {
  async function serve(request: IncomingMessage, response: ServerResponse) {
    const corsOrigins = deps.corsOrigins?.() ?? [];
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const resolved = resolve(deps, method, path);
    const origin = request.headers.origin;
    for (const [name, value] of Object.entries(corsHeaders(origin, corsOrigins))) {
      response.setHeader(name, value);
    }
    if (method === 'OPTIONS' && resolved.kind === 'method-not-allowed') {
      // A preflight, answered without authentication as the deployed API's mock does.
      request.resume();
      const allowed = origin !== undefined && corsOrigins.includes(origin);
      response.writeHead(204, allowed ? preflightHeaders(origin) : {});
      response.end();
      return;
    }
    if (resolved.kind === 'not-found' || resolved.kind === 'method-not-allowed') {
      request.resume();
      if (resolved.kind === 'not-found') {
        sendJson(
          response,
          404,
          errorBody(
            'NOT_FOUND',
            `No route for ${method} ${path}: the API serves ${deps.routes.map((r) => `${r.method} ${r.resource}`).join(', ')}.`,
          ),
        );
      } else {
        sendJson(
          response,
          405,
          errorBody('METHOD_NOT_ALLOWED', `${path} accepts ${resolved.allow} only, not ${method}.`),
          { Allow: resolved.allow },
        );
      }
      return;
    }
    const limit = resolved.kind === 'local' ? MAX_QUEUE_MESSAGE_BYTES : MAX_PAYLOAD_BYTES;
    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(
        response,
        413,
        errorBody(
          'IMAGE_TOO_LARGE',
          'Request body too large: upload large images to the ingest bucket under incoming/<cameraId>/ instead.',
        ),
      );
      return;
    }
    if (resolved.kind === 'local') {
      const [status, json] = await resolved.answer(body);
      sendJson(response, status, json);
      return;
    }
    await callFunction(deps, request, response, resolved, body);
  }

  return createServer((request, response) => {
    const started = Date.now();
    response.on('finish', () => {
      if (request.url?.startsWith('/local/')) return;
      deps.log(
        `API ${request.method} ${request.url} ${response.statusCode} (${Date.now() - started} ms)`,
      );
    });
    serve(request, response).catch((error: unknown) => {
      deps.log(`Local API error: ${String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: INTERNAL_ERROR });
      else response.destroy();
    });
  });
}
