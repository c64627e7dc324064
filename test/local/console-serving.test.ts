import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner } from '../../local/banner.js';
import { consoleBuildIsStale } from '../../local/console-build.js';
import { createConsoleServer } from '../../local/console-server.js';
import { close, listen } from '../../local/http-io.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';

describe("the console's static server", () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
    await mkdir(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    server = createConsoleServer(dir, () => ({
      apiUrl: 'http://127.0.0.1:3000',
      region: 'eu-west-1',
      auth: 'none',
    }));
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every app address with index.html, assets with their type, and config.json from the runtime', async () => {
    for (const path of ['/', '/violations?day=2026-11-27', '/frames/k-1']) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toBe('<div id="app"></div>');
    }
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const config = await fetch(`${url}/config.json`);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toEqual({
      apiUrl: 'http://127.0.0.1:3000',
      region: 'eu-west-1',
      auth: 'none',
    });
  });

  it('never serves a file outside its folder, and says which file is missing', async () => {
    const outside = await fetch(`${url}/..%2F..%2Fetc%2Fpasswd.txt`);
    expect(outside.status).toBe(404);
    const missing = await fetch(`${url}/assets/gone.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/assets/gone.js');
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the console build check', () => {
  it('calls the build stale when it is missing or a source is newer than its index.html', async () => {
    const root = mkdtempSync(join(tmpdir(), 'console-root-'));
    try {
      await mkdir(join(root, 'src'));
      await mkdir(join(root, 'dist'));
      writeFileSync(join(root, 'src', 'main.tsx'), '');
      const dist = join(root, 'dist');
      expect(consoleBuildIsStale(root, dist)).toBe(true);
      writeFileSync(join(dist, 'index.html'), '');
      const now = Date.now() / 1000;
      utimesSync(join(root, 'src', 'main.tsx'), now - 60, now - 60);
      expect(consoleBuildIsStale(root, dist)).toBe(false);
      utimesSync(join(root, 'src', 'main.tsx'), now + 60, now + 60);
      expect(consoleBuildIsStale(root, dist)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the npm start banner', () => {
  it('names the console and says it has no sign-in locally', () => {
    const runtime = {
      urls: {
        api: 'http://127.0.0.1:3000',
        s3: 'http://127.0.0.1:4569',
        dynamodb: 'http://127.0.0.1:1',
        sns: '',
        console: 'http://127.0.0.1:3001',
      },
      routes: ['POST /frames'],
      bucket: 'ppe-ingest',
      region: 'us-east-1',
      detector: 'replay',
      replayDir: '/tmp/samples',
    } as unknown as LocalRuntime;
    expect(banner(runtime, { kind: 'memory' })).toContain(
      '  Console    http://127.0.0.1:3001 (local: no sign-in)',
    );
  });
});
