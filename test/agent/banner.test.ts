import { describe, expect, it } from 'vitest';
import { banner } from '../../local/banner.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';

describe('the npm start banner', () => {
  it('shows an agent command for the local runtime', () => {
    const runtime = {
      urls: {
        api: 'http://127.0.0.1:3000',
        s3: 'http://127.0.0.1:4569',
        dynamodb: 'http://127.0.0.1:1',
        sns: '',
      },
      routes: ['POST /frames'],
      bucket: 'ppe-ingest',
      tableName: 'ppe-results',
      region: 'us-east-1',
      detector: 'replay',
      replayDir: '/tmp/samples',
    } as unknown as LocalRuntime;
    expect(banner(runtime, { kind: 'memory' })).toContain(
      'npx ppe-agent video FILE --camera-id cam-01 --endpoint http://127.0.0.1:3000 --auth none',
    );
  });
});
