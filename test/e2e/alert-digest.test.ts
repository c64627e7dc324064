import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAlert } from '../../local/sns-local.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, sampleImage, startTestRuntime } from './support/local-runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let runtime: LocalRuntime;

beforeAll(async () => {
  // A short cooldown, and the digest's schedule every 200 ms instead of every minute.
  runtime = await startTestRuntime({
    analysis: { alertCooldownSeconds: 2 },
    digestIntervalMs: 200,
  });
});
afterAll(async () => {
  await runtime?.stop();
});

/** Posts the sample frame, in which all four workers lack gloves, captured at `at`. */
async function violation(at: Date) {
  const reply = await request(runtime, 'POST', '/frames', {
    image: sampleImage.toString('base64'),
    cameraId: 'cam-digest',
    location: 'plant-3/line-2',
    capturedAt: at.toISOString(),
    requiredEquipment: ['HAND_COVER'],
  });
  await runtime.idle();
  return reply.json.frameId as string;
}

const alerts = async () =>
  ((await request(runtime, 'GET', '/local/alerts')).json as LocalAlert[]).filter(
    (alert) => (alert.message as { cameraId?: string }).cameraId === 'cam-digest',
  );

describe('the alert digest on the local runtime', () => {
  it('publishes what the cooldown held back once it ends, without another frame', async () => {
    const start = new Date();
    await violation(start);
    const held = await violation(new Date(start.getTime() + 500));

    let published = await alerts();
    const deadline = Date.now() + 30_000;
    while (published.length < 2 && Date.now() < deadline) {
      await sleep(100);
      published = await alerts();
    }

    expect(published.map((alert) => (alert.message as { type: string }).type)).toEqual([
      'PPE_VIOLATION',
      'PPE_VIOLATION_DIGEST',
    ]);
    expect(published[1]).toMatchObject({
      message: { frames: 1, violations: 4, missingEquipment: ['HAND_COVER'], lastFrameId: held },
      attributes: { eventType: 'PPE_VIOLATION_DIGEST', missingEquipment: ['HAND_COVER'] },
      subject: 'PPE digest at cam-digest (plant-3/line-2): 4 held back without hand cover',
      emailText: expect.stringContaining('PPE violations held back at cam-digest'),
      smsText: expect.stringMatching(/^PPE digest: 4 held back without hand cover/),
    });
    // Later runs of the schedule find nothing more to report.
    await sleep(1000);
    expect(await alerts()).toHaveLength(2);
  });
});
