import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { CONSOLE_DIST } from '../../../local/console-build.js';
import type { LocalRuntime } from '../../../local/start-local-runtime.js';
import { CognitoIdentityStandIn } from './cognito-identity-stand-in.js';
import { HostedUiStandIn } from './hosted-ui-stand-in.js';
import { JwtIssuer } from './jwt-issuer.js';
import { SignedApiStandIn } from './signed-api-stand-in.js';

const ACCOUNT = '123456789012';
const GROUPS = ['auditor', 'reviewer', 'viewer', 'camera'] as const;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** The console as deployed, on loopback: its origin, the stand-ins behind it, the browser flags. */
export interface CloudConsole {
  /** `https://<distribution>.cloudfront.net`, mapped to loopback. */
  consoleUrl: string;
  /** The config.json the console reads, as `cdk deploy` writes it. */
  config: Record<string, string>;
  hostedUi: HostedUiStandIn;
  identity: CognitoIdentityStandIn;
  api: SignedApiStandIn;
  /** The loopback port every host name is served on. */
  port: number;
  /** Chromium flags that send the AWS, Cognito and CloudFront host names to this server. */
  browserArgs: string[];
  close(): Promise<void>;
}

/** The names the cloud console uses, in the runtime's region. */
export function cloudHosts(region: string) {
  // As hostedUiDomainPrefix makes it for the stack PpeDetection.
  const domainPrefix = `ppedetection-${ACCOUNT}`;
  return {
    region,
    account: ACCOUNT,
    console: 'd111111abcdef8.cloudfront.net',
    domainPrefix,
    hostedUi: `${domainPrefix}.auth.${region}.amazoncognito.com`,
    identity: `cognito-identity.${region}.amazonaws.com`,
    apiId: 'a1b2c3d4e5',
    /** The ingest bucket's RegionalDomainName, which presigned URLs name. */
    images: (bucket: string) => `${bucket}.s3.${region}.amazonaws.com`,
    api: `a1b2c3d4e5.execute-api.${region}.amazonaws.com`,
  };
}

/** A throwaway self-signed certificate (Chromium is told to accept it). */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'console-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=stand-in',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves the built console as CloudFront does (`headers` on every answer, unknown paths answer
 * index.html, config.json with `auth: "cognito"`), and behind the same HTTPS port, by host name,
 * the hosted UI, Cognito Identity and API Gateway stand-ins in front of the local runtime.
 */
export async function startCloudConsole(
  runtime: LocalRuntime,
  headers: Record<string, string>,
): Promise<CloudConsole> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error('build the console first');
  const hosts = cloudHosts(runtime.region);
  const consoleUrl = `https://${hosts.console}`;
  const imageHost = hosts.images(runtime.bucket);
  const issuer = new JwtIssuer(Math.random().toString(36));
  const userPoolId = `${runtime.region}_Ab12Cd34E`;
  const clientId = '4example5client6id7abcdefg';
  const identityPoolId = `${runtime.region}:0a1b2c3d-1111-2222-3333-444455556666`;
  const roleArns = Object.fromEntries(
    GROUPS.map((group) => [group, `arn:aws:iam::${ACCOUNT}:role/PpeDetection-${group}-Role`]),
  );
  const hostedUi = new HostedUiStandIn(
    {
      region: runtime.region,
      userPoolId,
      clientId,
      callbackUrl: `${consoleUrl}/`,
      roleArns,
      groupOrder: GROUPS,
    },
    issuer,
  );
  const identity = new CognitoIdentityStandIn(
    {
      region: runtime.region,
      identityPoolId,
      userPoolId,
      clientId,
      groupOfRole: Object.fromEntries(Object.entries(roleArns).map(([group, arn]) => [arn, group])),
    },
    issuer,
  );
  const api = new SignedApiStandIn({
    region: runtime.region,
    account: ACCOUNT,
    apiId: hosts.apiId,
    stage: 'v1',
    upstream: runtime.urls.api,
    origins: [consoleUrl],
    credentials: identity.issued,
    // The local runtime presigns path-style URLs on its loopback S3; in the cloud they name the
    // bucket's regional host over HTTPS, which the policy allows. Same path and signed query.
    translate: (body) =>
      body.replaceAll(`${runtime.urls.s3}/${runtime.bucket}/`, `https://${imageHost}/`),
  });
  const config = {
    apiUrl: `https://${hosts.api}/v1/`,
    region: runtime.region,
    auth: 'cognito',
    userPoolId,
    userPoolClientId: clientId,
    identityPoolId,
    domain: hosts.hostedUi,
  };
  const root = normalize(CONSOLE_DIST + sep);
  const serveConsole = async (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', consoleUrl).pathname);
    if (path === '/config.json') {
      response
        .writeHead(200, { ...headers, 'Content-Type': TYPES['.json'] })
        .end(JSON.stringify(config));
      return;
    }
    const file = normalize(join(root, path));
    const asset = file.startsWith(root) && extname(file) !== '' ? file : join(root, 'index.html');
    // CloudFront's error responses: a missing object (S3's 403/404) answers index.html with 200.
    const body = await readFile(asset).catch(() => readFile(join(root, 'index.html')));
    const type = existsSync(asset)
      ? (TYPES[extname(asset)] ?? 'application/octet-stream')
      : TYPES['.html'];
    response.writeHead(200, { ...headers, 'Content-Type': type }).end(body);
  };
  // S3 behind the bucket's regional host: the local S3 checks the presigned signature and expiry.
  const serveImage = async (request: IncomingMessage, response: ServerResponse) => {
    const upstream = await fetch(`${runtime.urls.s3}/${runtime.bucket}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
    });
    response
      .writeHead(upstream.status, {
        'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      })
      .end(Buffer.from(await upstream.arrayBuffer()));
  };
  const server = createServer(selfSigned(), (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const host = (request.headers.host ?? '').replace(/:443$/, '');
      const handled =
        host === hosts.console
          ? serveConsole(request, response)
          : host === hosts.hostedUi
            ? hostedUi.handle(request, response, body)
            : host === hosts.identity
              ? identity.handle(request, response, body)
              : host === hosts.api
                ? api.handle(request, response, body)
                : host === imageHost
                  ? serveImage(request, response)
                  : Promise.resolve(void response.writeHead(421).end(`No stand-in for ${host}`));
      handled.catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(`stand-in failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const target = `127.0.0.1:${port}`;
  return {
    consoleUrl,
    config,
    port,
    hostedUi,
    identity,
    api,
    browserArgs: [
      `--host-resolver-rules=MAP ${hosts.console} ${target}, MAP ${hosts.hostedUi} ${target}, MAP ${hosts.identity} ${target}, MAP ${hosts.api} ${target}, MAP ${imageHost} ${target}`,
    ],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request straight to one of the stand-ins by host name, as a client outside the browser. */
export function callStandIn(
  cloud: CloudConsole,
  host: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      {
        host: '127.0.0.1',
        port: cloud.port,
        servername: host,
        rejectUnauthorized: false,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, host },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
