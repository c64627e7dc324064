import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { corsHeaders, preflightHeaders } from '../../../lambda/handlers/cors.js';
import { ROLE_ROUTES } from '../../../lib/console-policies.js';
import { gatewayErrorBody } from '../../../lib/ingest-api.js';
import type { IssuedCredentials } from './cognito-identity-stand-in.js';

/** What the stand-in API Gateway fronts. */
export interface SignedApiSettings {
  region: string;
  account: string;
  apiId: string;
  stage: string;
  /** The local runtime's API, which the stand-in calls once a request is verified. */
  upstream: string;
  /** The origins the API answers CORS for (the console's). */
  origins: readonly string[];
  /** The credentials the identity pool gave out, by access key id. */
  credentials: ReadonlyMap<string, IssuedCredentials>;
  /** Turns the runtime's answer into the cloud's (its loopback S3 URLs into the bucket's host). */
  translate?: (body: string) => string;
}

/** IAM's resource wildcard: `*` matches any run of characters, slashes included. */
const matches = (pattern: string, path: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(path);

/**
 * API Gateway with IAM authorization in front of the local runtime: every request but a CORS
 * preflight must carry a SigV4 signature (service execute-api, this region) by credentials the
 * identity pool gave, with their session token, made within five minutes; the signature is
 * recomputed with @smithy/signature-v4 over the signed headers, path, query and body. Then the
 * role's policy (lib/console-policies.ts) must allow execute-api:Invoke on the route. Otherwise it
 * answers 403 with the stack's gateway response bodies, CORS headers included.
 */
export class SignedApiStandIn {
  /** Every request's method, path and answer status, and the group whose role signed it. */
  readonly requests: Array<{ method: string; path: string; status: number; group?: string }> = [];
  /**
   * Routes (`GET /reports/compliance`) taken from every role's policy, as when an administrator
   * narrows a policy after the user signed in: the console must then show a 403 in words.
   */
  readonly revoked = new Set<string>();

  constructor(private readonly settings: SignedApiSettings) {}

  /** Answers a request to `<apiId>.execute-api.<region>.amazonaws.com`. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const origin = request.headers.origin;
    const raw = request.url ?? '/';
    const [rawPath = '/', rawQuery = ''] = raw.split('?', 2) as [string, string?];
    const method = request.method ?? 'GET';
    const cors = corsHeaders(origin, this.settings.origins);
    const record = (status: number, group?: string) =>
      this.requests.push({ method, path: raw, status, ...(group ? { group } : {}) });
    const refuse = (status: number, json: object, group?: string) => {
      record(status, group);
      response
        .writeHead(status, {
          ...cors,
          'Content-Type': 'application/json',
          'x-amzn-ErrorType': 'AccessDeniedException',
        })
        .end(JSON.stringify(json));
    };
    const stagePrefix = `/${this.settings.stage}`;
    if (!rawPath.startsWith(`${stagePrefix}/`)) {
      return refuse(403, gatewayErrorBody(ResponseType.MISSING_AUTHENTICATION_TOKEN));
    }
    const route = rawPath.slice(stagePrefix.length);
    if (method === 'OPTIONS') {
      record(204);
      const allowed = origin && this.settings.origins.includes(origin);
      response.writeHead(204, allowed ? preflightHeaders(origin) : { Vary: 'Origin' }).end();
      return;
    }
    const authorization = String(request.headers.authorization ?? '');
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        authorization,
      );
    if (!authorization)
      return refuse(403, gatewayErrorBody(ResponseType.MISSING_AUTHENTICATION_TOKEN));
    const invalid = () => refuse(403, gatewayErrorBody(ResponseType.INVALID_SIGNATURE));
    if (!match) return invalid();
    const [, keyId = '', day, region, service, signedHeaders = ''] = match;
    const credentials = this.settings.credentials.get(keyId);
    if (!credentials) {
      // API Gateway's own words for an access key STS never issued (the UNAUTHORIZED response).
      return refuse(403, {
        error: {
          code: 'UNAUTHENTICATED',
          message: 'The security token included in the request is invalid.',
        },
      });
    }
    if (credentials.expiration * 1000 < Date.now())
      return refuse(403, gatewayErrorBody(ResponseType.EXPIRED_TOKEN));
    if (request.headers['x-amz-security-token'] !== credentials.sessionToken) return invalid();
    if (region !== this.settings.region || service !== 'execute-api') return invalid();
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const dated = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate);
    if (!dated || `${dated[1]}${dated[2]}${dated[3]}` !== day) return invalid();
    const signingDate = new Date(
      `${dated[1]}-${dated[2]}-${dated[3]}T${dated[4]}:${dated[5]}:${dated[6]}Z`,
    );
    if (Math.abs(signingDate.getTime() - Date.now()) > 5 * 60_000) return invalid();
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date')) return invalid();
    const headers: Record<string, string> = {};
    for (const name of names) {
      const value = request.headers[name];
      if (value === undefined) return invalid();
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string | string[]> = {};
    for (const pair of rawQuery.split('&').filter(Boolean)) {
      const [key = '', value = ''] = pair.split('=', 2).map((part) => decodeURIComponent(part));
      const previous = query[key];
      query[key] = previous === undefined ? value : [...[previous].flat(), value];
    }
    const signer = new SignatureV4({
      service: 'execute-api',
      region: this.settings.region,
      sha256: Hash.bind(null, 'sha256'),
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      },
      applyChecksum: false,
    });
    const expected = await signer.sign(
      new HttpRequest({
        method,
        hostname: headers.host ?? '',
        path: rawPath,
        query,
        headers,
        body,
      }),
      { signingDate },
    );
    if (expected.headers.authorization !== authorization) return invalid();

    const group = credentials.group as keyof typeof ROLE_ROUTES;
    const policy = ROLE_ROUTES[group];
    const allowed =
      policy.allow.some(([m, p]) => m === method && matches(p, route)) &&
      !policy.deny.some(([m, p]) => m === method && matches(p, route)) &&
      ![...this.revoked].some((entry) => {
        const [m, p = ''] = entry.split(' ');
        return m === method && matches(p, route);
      });
    if (!allowed) {
      const { account, region: r, apiId, stage } = this.settings;
      const role = credentials.roleArn.split('/').pop();
      return refuse(
        403,
        {
          error: {
            code: 'FORBIDDEN',
            message: `User: arn:aws:sts::${account}:assumed-role/${role}/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${r}:${account}:${apiId}/${stage}/${method}${route}`,
          },
        },
        group,
      );
    }
    const upstream = await fetch(
      `${this.settings.upstream}${route}${rawQuery ? `?${rawQuery}` : ''}`,
      {
        method,
        headers: headers['content-type'] ? { 'Content-Type': headers['content-type'] } : {},
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      },
    );
    const text = (this.settings.translate ?? ((body: string) => body))(await upstream.text());
    record(upstream.status, group);
    response
      .writeHead(upstream.status, {
        ...cors,
        'Content-Type': upstream.headers.get('content-type') ?? 'application/json',
      })
      .end(text);
  }
}
