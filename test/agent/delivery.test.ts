import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  finished,
  jsonLines,
  makeVideo,
  runAgent,
  startAgent,
  summaryOf,
  tempDir,
  waitUntil,
} from './support/agent-process.js';
import { type Behaviour, startFramesStandIn } from './support/frames-stand-in.js';

const dir = tempDir();
const crossing = join(dir, 'crossing.mp4');
const still = join(dir, 'still.mp4');
const START = '2026-11-27T09:00:00Z';
/** The crossing video's picks: the first frame and two while the block moves. */
const PICKED = [0, 4000, 6000].map((ms) => `cam-01-${Date.parse(START) + ms}`);

beforeAll(() => {
  makeVideo(crossing, { seconds: 12, crossFrom: 4, crossTo: 8 });
  makeVideo(still, { seconds: 4 });
});

let standIn: Awaited<ReturnType<typeof startFramesStandIn>> | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Files left in a spool directory, whatever camera. */
const spooled = (spool: string) => {
  try {
    return readdirSync(spool, { recursive: true }).filter((n) => String(n).endsWith('.json'));
  } catch {
    return [];
  }
};

const send = (endpoint: string, spool: string, ...flags: string[]) => [
  'video',
  crossing,
  '--camera-id',
  'cam-01',
  '--start-time',
  START,
  '--heartbeat',
  '0',
  '--endpoint',
  endpoint,
  '--auth',
  'none',
  '--spool-dir',
  spool,
  '--json',
  ...flags,
];

describe('ppe-agent delivery', () => {
  it('delivers every picked frame once through 503 with Retry-After and dropped connections', async () => {
    const unavailable: Behaviour = {
      status: 503,
      headers: { 'Retry-After': '1' },
      body: { error: { code: 'UNAVAILABLE', message: 'try later' } },
    };
    const script: Behaviour[] = [unavailable, 'drop', { status: 502 }];
    let requests = 0;
    standIn = await startFramesStandIn(() => script[requests++] ?? { status: 200 });
    const spool = tempDir();
    const { code, stdout } = await runAgent(send(standIn.url, spool));
    expect(code).toBe(0);
    expect(standIn.delivered().sort()).toEqual(PICKED);
    expect(spooled(spool)).toEqual([]);
    const summary = summaryOf(stdout, 'cam-01');
    expect(summary.delivered).toBe(3);
    expect(summary.retried).toBe(3);
  });

  it('sends the same Idempotency-Key and capture time on every retry of a frame', async () => {
    standIn = await startFramesStandIn((_key, attempt) =>
      attempt < 2 ? { status: 429, headers: { 'Retry-After': '0' } } : { status: 200 },
    );
    await runAgent(send(standIn.url, tempDir()));
    for (const key of PICKED) {
      const tries = standIn.received.filter((r) => r.key === key);
      expect(tries).toHaveLength(3);
      expect(new Set(tries.map((t) => t.capturedAt)).size).toBe(1);
      expect(Date.parse(tries[0]?.capturedAt ?? '')).toBe(Number(key.split('-').pop()));
    }
  });

  it('takes a 4xx other than 429 as final: logged with the server message, not retried', async () => {
    standIn = await startFramesStandIn(() => ({
      status: 400,
      body: { error: { code: 'INVALID_IMAGE', message: 'image is too small' } },
    }));
    const spool = tempDir();
    const { code, stdout, stderr } = await runAgent(send(standIn.url, spool));
    expect(code).toBe(0);
    expect(standIn.received).toHaveLength(3);
    expect(
      jsonLines(stderr)
        .filter((l) => l.event === 'refused')
        .map((l) => l.serverMessage),
    ).toEqual(Array(3).fill('INVALID_IMAGE: image is too small'));
    expect(summaryOf(stdout, 'cam-01').refused).toBe(3);
    expect(spooled(spool)).toEqual([]);
  });

  it('exits 4 when frames are still undelivered, and keeps them in the spool', async () => {
    standIn = await startFramesStandIn(() => ({ status: 503, headers: { 'Retry-After': '1' } }));
    const spool = tempDir();
    const { code } = await runAgent(send(standIn.url, spool, '--drain-timeout', '2'));
    expect(code).toBe(4);
    expect(spooled(spool)).toHaveLength(3);
  });

  it('after kill -9, a restart delivers the frames left in the spool', async () => {
    let up = false;
    standIn = await startFramesStandIn(() =>
      up ? { status: 200 } : { status: 503, headers: { 'Retry-After': '30' } },
    );
    const spool = tempDir();
    const agent = startAgent(send(standIn.url, spool));
    await waitUntil(
      () => spooled(spool).length === 3 && (standIn?.received.length ?? 0) > 0,
      'three frames in the spool',
    );
    agent.kill('SIGKILL');
    await finished(agent);
    expect(spooled(spool)).toHaveLength(3);

    up = true;
    const restart = await runAgent([
      'video',
      still,
      '--camera-id',
      'cam-02',
      '--heartbeat',
      '0',
      '--endpoint',
      standIn.url,
      '--auth',
      'none',
      '--spool-dir',
      spool,
      '--json',
    ]);
    expect(restart.code).toBe(0);
    expect(
      standIn
        .delivered()
        .filter((k) => k?.startsWith('cam-01'))
        .sort(),
    ).toEqual(PICKED);
    expect(spooled(spool)).toEqual([]);
  });

  it('drops the oldest frames when the spool is full, and counts them', async () => {
    standIn = await startFramesStandIn(() => ({ status: 503, headers: { 'Retry-After': '1' } }));
    const spool = tempDir();
    const { stdout } = await runAgent([
      ...send(standIn.url, spool, '--drain-timeout', '1'),
      '--spool-max-mb',
      '0.02',
      '--motion',
      'off',
      '--interval',
      '1',
    ]);
    const summary = summaryOf(stdout, 'cam-01');
    expect(summary.dropped).toBeGreaterThan(0);
    expect(Number(summary.waiting) + Number(summary.dropped)).toBe(summary.picked);
  });
});
