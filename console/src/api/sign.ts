import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '../auth/identity-credentials.js';
import type { RuntimeConfig } from '../config.js';
import { WebSha256 } from './web-sha256.js';

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Signs a request before it is sent. */
export type Signer = (request: Request) => Promise<Request>;

/** Where a signer gets its AWS credentials: the identity pool's, renewed before they expire. */
export type CredentialSource = () => Promise<AwsCredentials>;

/**
 * The signer for a runtime config: the identity for `auth: "none"` (the local runtime), SigV4 for
 * service `execute-api` in the config's region with the identity pool's credentials (`cognito`):
 * method, path, query, Host, Content-Type, X-Amz-Date and the session token header are signed,
 * and the body's SHA-256 is in the canonical request.
 */
export function signerFor(config: RuntimeConfig, credentials?: CredentialSource): Signer {
  if (config.auth === 'none') return async (request) => request;
  if (!credentials) throw new Error('auth "cognito" needs a source of AWS credentials.');
  const signer = new SignatureV4({
    service: 'execute-api',
    region: config.region,
    sha256: WebSha256,
    credentials: async () => {
      const current = await credentials();
      return { ...current, expiration: new Date(current.expiration) };
    },
    // API Gateway needs no x-amz-content-sha256 header: the body's hash is signed either way.
    applyChecksum: false,
  });
  return async (request) => {
    const url = new URL(request.url);
    const body =
      request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const previous = query[key];
      query[key] = previous === undefined ? value : [...[previous].flat(), value];
    }
    const headers: Record<string, string> = { host: url.host };
    const type = request.headers.get('content-type');
    if (type) headers['content-type'] = type;
    const signed = await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers,
        ...(body === undefined ? {} : { body }),
      }),
    );
    const sent = new Headers();
    for (const [name, value] of Object.entries(signed.headers)) {
      // The browser sets Host itself from the URL (the same value that was signed).
      if (name.toLowerCase() !== 'host') sent.set(name, value);
    }
    // The query as sent is the query as signed: RFC 3986 encoding (%20, not URLSearchParams' +).
    url.search = [...url.searchParams]
      .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
      .join('&');
    return new Request(url, {
      method: request.method,
      headers: sent,
      ...(body === undefined ? {} : { body }),
    });
  };
}
