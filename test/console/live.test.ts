import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, startTestRuntime } from '../e2e/support/local-runtime.js';
import { screenshot, startBrowser, type TestBrowser } from './support/browser.js';

const samples = fileURLToPath(new URL('../../local/samples/', import.meta.url));
/** The sample scene's recording: the fake camera films that scene, so the replay answers with it. */
const SCENE_RECORDING = join(
  samples,
  'f58afe713a7fe0f633150c7fd621f6606882527c80f98114c3c50861fd82dcdf.json',
);

let runtime: LocalRuntime;
let browser: TestBrowser;
let videoDir: string;

beforeAll(async () => {
  // Frames grabbed from the fake camera are new images that have no recording of their own.
  runtime = await startTestRuntime({ consolePort: 0, replayFallback: SCENE_RECORDING });
  videoDir = mkdtempSync(join(tmpdir(), 'console-fake-camera-'));
  const video = join(videoDir, 'camera.y4m');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-loop',
    '1',
    '-i',
    join(samples, 'ppe-group.jpg'),
    '-frames:v',
    '10',
    '-r',
    '5',
    '-vf',
    'scale=640:-2,format=yuv420p',
    video,
  ]);
  browser = await startBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  await browser.context.grantPermissions(['camera'], { origin: runtime.urls.console ?? '' });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

describe('the live check', () => {
  it("sends the camera's picture to POST /frames every 2 s and draws each result's boxes over it", async () => {
    const { page } = browser;
    await page.goto(`${runtime.urls.console}/live`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    const status = page.locator('[data-frames-sent]');
    await expect
      .poll(async () => Number(await status.getAttribute('data-frames-sent')), {
        timeout: 30_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(3);
    const lastFrameId = await status.getAttribute('data-last-frame-id');
    expect(lastFrameId).toBeTruthy();
    const boxes = page.getByTestId('live-picture').locator('[data-person-id]');
    expect(await boxes.count()).toBe(4);

    // The overlay follows the results: the next frame's result replaces the last.
    await expect
      .poll(() => status.getAttribute('data-last-frame-id'), { timeout: 30_000, interval: 100 })
      .not.toBe(lastFrameId);

    const timeline = await request(runtime, 'GET', '/cameras/browser-live/frames');
    const times: number[] = timeline.json.items.map((item: { capturedAt: string }) =>
      Date.parse(item.capturedAt),
    );
    expect(times.length).toBeGreaterThanOrEqual(3);
    // Newest first; one frame per 2 s tick at most (a tick is skipped while one is in analysis).
    for (let index = 1; index < times.length; index += 1) {
      expect((times[index - 1] ?? 0) - (times[index] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    const video = await page.getByLabel('Live camera picture').boundingBox();
    expect(video?.width).toBeGreaterThan(0);
    await screenshot(page, 'live');
    await page.getByRole('button', { name: 'Stop camera' }).click();
  });
});
