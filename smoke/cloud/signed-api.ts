import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { toApiReply, unreachable } from '../http-reply.js';
import type { ApiReply } from '../target.js';

/** What signs requests to the stack's REST API (IAM auth). */
export interface ApiSignerOptions {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** A SigV4 signer for API Gateway's `execute-api` service in one region. */
export function makeApiSigner(options: ApiSignerOptions): SignatureV4 {
  return new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
}

/** The request to sign for a method, URL and JSON body: host, path, query and content type. */
export function apiRequest(
  method: string,
  url: URL,
  body: string | undefined,
  headers: Record<string, string> = {},
): HttpRequest {
  return new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: {
      host: url.host,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    },
    ...(body === undefined ? {} : { body }),
  });
}

/**
 * Calls the API with SigV4-signed requests, as an IAM-authenticated camera or operator would.
 * `path` is relative to the base URL (which includes the stage, e.g. `…/prod/`).
 */
export function makeSignedApi(baseUrl: string, signer: SignatureV4) {
  return async function request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiReply> {
    const url = new URL(path, baseUrl);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const signed = await signer.sign(apiRequest(method, url, text, headers));
    // fetch sets Host from the URL itself, to the value that was signed.
    const { host: _host, ...sent } = signed.headers;
    try {
      const response = await fetch(url, {
        method,
        headers: sent,
        ...(text === undefined ? {} : { body: text }),
      });
      return await toApiReply(response);
    } catch (error) {
      throw unreachable(url.toString(), error);
    }
  };
}
