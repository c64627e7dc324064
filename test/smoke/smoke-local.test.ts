import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, s3ClientFor, startTestRuntime } from '../e2e/support/local-runtime.js';
import { runSmokeCli } from './run-smoke-cli.js';

const STEPS = [
  'read local endpoints',
  'subscribe to alerts',
  'post compliant frame',
  'post violating frame',
  'read frame back',
  'receive alert for posted frame',
  'upload frame to bucket',
  'wait for S3 result',
  'receive alert for uploaded frame',
];

let runtime: LocalRuntime;
let s3: S3Client;

beforeAll(async () => {
  runtime = await startTestRuntime();
  s3 = s3ClientFor(runtime);
});
afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
});

const runId = (stdout: string) => /run ([0-9a-f]{8})/.exec(stdout)?.[1] ?? '';

describe('npm run smoke -- --local', () => {
  it('passes every step against a working local runtime and exits 0', async () => {
    const run = await runSmokeCli(['--local', '--api-url', runtime.urls.api]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const step of STEPS) {
      expect(run.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^✓ ${step} \\(\\d+\\.\\d s\\)$`)),
      );
    }
    expect(run.lines).toContainEqual(expect.stringMatching(/^Smoke test passed/));
  });

  it('removes the object it uploaded and leaves both results in the table', async () => {
    const run = await runSmokeCli(['--local', '--api-url', runtime.urls.api]);
    const id = runId(run.stdout);

    expect(run.code).toBe(0);
    expect(run.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^✓ delete s3://ppe-ingest/incoming/smoke-${id}-s3/`)),
    );
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: runtime.bucket, Prefix: `incoming/smoke-${id}-s3/` }),
    );
    expect(listed.KeyCount).toBe(0);
    for (const camera of [`smoke-${id}-api`, `smoke-${id}-s3`]) {
      const timeline = await request(runtime, 'GET', `/cameras/${camera}/frames`);
      expect(timeline.json.items.length).toBeGreaterThan(0);
    }
  });

  it('fails at "post compliant frame" when the detector is down, and exits 1 naming it', async () => {
    runtime.setDetectorUnavailable(true);
    try {
      const run = await runSmokeCli(['--local', '--api-url', runtime.urls.api]);

      expect(run.code).toBe(1);
      expect(run.lines).toContainEqual(expect.stringMatching(/^✓ subscribe to alerts/));
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^✗ post compliant frame: POST \/frames answered 503 /),
      );
      expect(run.lines).toContain('- post violating frame (skipped)');
      expect(run.lines).toContainEqual(
        expect.stringMatching(/^Smoke test failed at step "post compliant frame"/),
      );
    } finally {
      runtime.setDetectorUnavailable(false);
    }
  });

  it('fails at "read local endpoints" when nothing answers at the URL', async () => {
    const run = await runSmokeCli(['--local', '--api-url', 'http://127.0.0.1:9/']);

    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(
      /^✗ read local endpoints: cannot reach http:\/\/127\.0\.0\.1:9\/local\/info/,
    );
    expect(run.lines).toContainEqual(
      expect.stringMatching(/failed at step "read local endpoints"/),
    );
  });

  it('exits 2 naming an unknown flag', async () => {
    const run = await runSmokeCli(['--local', '--stak-name', 'PpeDetection']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--stak-name/);
    expect(run.stdout).toBe('');
  });
});
