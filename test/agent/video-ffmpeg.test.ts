import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, makeVideo, runAgent, summaryOf, tempDir } from './support/agent-process.js';

/** Videos generated with ffmpeg's lavfi sources: 12 s, 320x180, 10 fps. */
const dir = tempDir();
const videos = {
  still: join(dir, 'still.mp4'),
  crossing: join(dir, 'crossing.mp4'),
  lights: join(dir, 'lights.mp4'),
};

beforeAll(() => {
  makeVideo(videos.still, { seconds: 12 });
  makeVideo(videos.crossing, {
    seconds: 12,
    crossFrom: 4,
    crossTo: 8,
    creationTime: '2026-11-27T09:00:00Z',
  });
  makeVideo(videos.lights, { seconds: 12, lightsAt: 5 });
});

const dryRun = (file: string, ...flags: string[]) =>
  runAgent(['video', file, '--camera-id', 'cam-01', '--dry-run', '--json', ...flags]);

describe('ppe-agent video with ffmpeg', () => {
  it('sends only the first frame of a static noisy scene', async () => {
    const { code, stdout } = await dryRun(videos.still, '--heartbeat', '0');
    const summary = summaryOf(stdout, 'cam-01');
    expect(code).toBe(0);
    expect(summary.picked).toBe(1);
    expect(summary.fixedSamplerCalls).toBe(6);
    expect(summary.callsSaved).toBe(5);
  });

  it('sends frames while an object crosses, stamped from the file creation time', async () => {
    const { code, stderr } = await dryRun(videos.crossing, '--heartbeat', '0');
    const picked = jsonLines(stderr).filter((l) => l.event === 'picked');
    expect(code).toBe(0);
    expect(picked.map((l) => [l.capturedAt, l.reason])).toEqual([
      ['2026-11-27T09:00:00.000Z', 'first'],
      ['2026-11-27T09:00:04.000Z', 'motion'],
      ['2026-11-27T09:00:06.000Z', 'motion'],
    ]);
  });

  it('takes the lights switching on as a new background, not a burst of frames', async () => {
    const { stdout, stderr } = await dryRun(videos.lights, '--heartbeat', '0');
    expect(summaryOf(stdout, 'cam-01').picked).toBe(1);
    expect(summaryOf(stdout, 'cam-01').sceneChanges).toBe(1);
    expect(jsonLines(stderr).some((l) => l.event === 'scene-change')).toBe(true);
  });

  it('with --motion off sends one frame every interval', async () => {
    const { stdout } = await dryRun(videos.still, '--motion', 'off', '--interval', '3');
    expect(summaryOf(stdout, 'cam-01').picked).toBe(4);
  });

  it('adds a heartbeat frame to a still scene', async () => {
    const { stdout } = await dryRun(videos.still, '--heartbeat', '5');
    const summary = summaryOf(stdout, 'cam-01');
    expect(summary.pickedByHeartbeat).toBe(2);
  });

  it('with --save writes each picked JPEG and why it was picked', async () => {
    const save = tempDir();
    await dryRun(videos.crossing, '--heartbeat', '0', '--save', save);
    const names = readdirSync(save).sort();
    expect(names.filter((n) => n.endsWith('.jpg'))).toHaveLength(3);
    const note = JSON.parse(
      readFileSync(
        join(save, names.find((n) => n.includes('motion') && n.endsWith('.json')) as string),
        'utf8',
      ),
    );
    expect(note.reason).toBe('motion');
    expect(note.motion.moving).toBe(true);
    const jpeg = readFileSync(join(save, names.find((n) => n.endsWith('.jpg')) as string));
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  });
});
