import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** The runtime config the console reads from `config.json` beside its index.html. */
export interface ConsoleConfig {
  apiUrl: string;
  region: string;
  auth: 'none' | 'cognito';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Serves the built console from `distDir` with single-page routing (a path without a file is
 * index.html) and `config.json` from memory, so that runtimes on different ports can share one
 * build. Hashed assets are cached for good; index.html and config.json never.
 */
export function createConsoleServer(distDir: string, config: () => ConsoleConfig): Server {
  const root = normalize(distDir + sep);
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const headers = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    };
    if (path === '/config.json') {
      response.writeHead(200, {
        ...headers,
        'Content-Type': TYPES['.json'],
        'Cache-Control': 'no-store',
      });
      response.end(JSON.stringify(config()));
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      response.end('Not found.');
      return;
    }
    const asset = extname(file) !== '' ? file : join(root, 'index.html');
    readFile(asset).then(
      (body) => {
        const immutable = asset.includes(`${sep}assets${sep}`);
        response.writeHead(200, {
          ...headers,
          'Content-Type': TYPES[extname(asset)] ?? 'application/octet-stream',
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => {
        response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
        response.end(`No file ${path} in the console's build.`);
      },
    );
  });
}
