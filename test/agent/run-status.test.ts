import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../../agent/args.js';
import { runCommand } from '../../agent/commands.js';
import { makeLog } from '../../agent/log.js';
import { tempDir, waitUntil } from './support/agent-process.js';
import { startHttpCameras } from './support/http-cameras.js';

describe('ppe-agent run status', () => {
  it('prints the per-camera summary while running, not only at exit', async () => {
    const cameras = await startHttpCameras();
    const config = join(tempDir(), 'cameras.json');
    writeFileSync(
      config,
      JSON.stringify({ cameras: [{ id: 'snap-cam', url: `${cameras.url}/snapshot.jpg` }] }),
    );
    const invocation = parseInvocation(['run', '--config', config, '--dry-run', '--json']);
    if (invocation === 'help') throw new Error('unexpected help');
    const out: string[] = [];
    const controller = new AbortController();
    const running = runCommand(
      invocation,
      { log: makeLog(true, () => {}), out: (l) => out.push(l), json: true },
      controller.signal,
      500,
    );
    const summaries = () =>
      out
        .map((l) => JSON.parse(l))
        .filter((l) => l.event === 'summary' && l.cameraId === 'snap-cam');
    await waitUntil(
      () => summaries().some((s) => s.decoded > 0) && summaries().length >= 2,
      'two summaries while running',
    );
    controller.abort();
    expect(await running).toBe(0);
    await cameras.close();
    const last = summaries().at(-1);
    expect(last).toMatchObject({ cameraId: 'snap-cam', pickedFirst: 1, delivered: 0, dropped: 0 });
    expect(last?.fixedSamplerCalls).toBeGreaterThanOrEqual(1);
  });
});
