import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../agent/cli.js';
import { runAgent, tempDir } from './support/agent-process.js';

/** Runs the command line in this process (fast), collecting what it prints. */
async function agent(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const dir = tempDir();
const config = (body: unknown) => {
  const path = join(dir, `cameras-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
const camera = { id: 'cam-01', url: 'rtsp://127.0.0.1:1/cam' };
const good = { endpoint: 'http://127.0.0.1:3000', auth: 'none', cameras: [camera] };

describe('ppe-agent exit code 2: bad arguments, naming the flag', () => {
  it.each([
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--interval', 'abc', '--dry-run'],
      '--interval must be a number',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--interval', '0', '--dry-run'],
      '--interval must be at least 0.2',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--heartbeat=-1', '--dry-run'],
      '--heartbeat must be at least 0',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--motion', 'maybe', '--dry-run'],
      '--motion must be "on", "off"',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--auth', 'basic', '--endpoint', 'http://x'],
      '--auth must be "sigv4" or "none"',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--endpoint', 'not a url'],
      '--endpoint must be an http(s) URL',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--bucket', 'Bad_Bucket'],
      '--bucket must be an S3 bucket name',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--region', 'mars', '--dry-run'],
      '--region must be an AWS region',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--min-confidence', '20', '--dry-run'],
      '--min-confidence must be a number from 50 to 100',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--required-equipment', 'HAT', '--dry-run'],
      '--required-equipment must list only',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--start-time', 'yesterday', '--dry-run'],
      '--start-time must be an ISO 8601',
    ],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--spool-max-mb', '0'],
      '--spool-max-mb must be above 0',
    ],
    [['video', 'a.mp4', '--camera-id', 'c', '--save', '/tmp/x'], '--save DIR goes with --dry-run'],
    [
      ['video', 'a.mp4', '--camera-id', 'c', '--endpoint', 'http://x', '--bucket', 'abc'],
      'either --endpoint or --bucket',
    ],
    [['video', 'a.mp4', '--camera-id', 'c'], 'no destination: give --endpoint'],
    [['video', 'a.mp4', '--camera-id', 'bad id', '--dry-run'], '--camera-id must be 1 to 64'],
    [['video', 'a.mp4', '--dry-run'], 'video needs --camera-id'],
    [['video', '--camera-id', 'c', '--dry-run'], 'video takes one FILE'],
    [['run'], 'run needs --config'],
    [['fly'], 'unknown command "fly"'],
    [['video', 'a.mp4', '--camera-id', 'c', '--frobnicate'], "Unknown option '--frobnicate'"],
  ])('%j exits 2: %s', async (args, message) => {
    const { code, stderr } = await agent(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('ppe-agent exit code 2: bad config values, naming the key', () => {
  it.each([
    [
      { ...good, cameras: [camera, { id: 'cam-02' }, { id: 'cam-03', url: '' }] },
      'cameras[1].url is required',
    ],
    [{ ...good, cameras: [camera, camera] }, 'cameras[1].id repeats "cam-01"'],
    [
      { ...good, cameras: [{ ...camera, interval: 'often' }] },
      'cameras[0].interval must be a number of seconds',
    ],
    [
      { ...good, cameras: [{ ...camera, motion: { threshold: 300 } }] },
      'cameras[0].motion.threshold must be from 1 to 255',
    ],
    [
      {
        ...good,
        cameras: [
          {
            ...camera,
            motion: {
              masks: [
                [
                  [0, 0],
                  [2, 0],
                  [1, 1],
                ],
              ],
            },
          },
        ],
      },
      'cameras[0].motion.masks[0][1][0] must be from 0 to 1',
    ],
    [{ ...good, cameras: [{ ...camera, colour: 'red' }] }, 'cameras[0]: unknown key(s) "colour"'],
    [{ ...good, cameras: [] }, 'cameras must list at least one camera'],
    [{ ...good, auth: 'open' }, 'auth must be "sigv4" or "none"'],
    [
      { ...good, cameras: [{ ...camera, minConfidence: 101 }] },
      'cameras[0].minConfidence must be a number from 50 to 100',
    ],
    [{ ...good, cameras: [{ ...camera, id: '..' }] }, 'cameras[0].id must not be "." or ".."'],
    ['{"cameras": [', 'is not JSON'],
    [{ cameras: [camera] }, 'no destination'],
  ])('%j exits 2: %s', async (body, message) => {
    const { code, stderr } = await agent(['run', '--config', config(body)]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('names a config file that cannot be read', async () => {
    const { code, stderr } = await agent(['check', '--config', join(dir, 'missing.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.json: cannot read it (ENOENT)');
  });
});

describe('ppe-agent as a command', () => {
  it('exits 2 and names the flag when started as a process', async () => {
    const { code, stderr } = await runAgent([
      'video',
      'a.mp4',
      '--camera-id',
      'c',
      '--interval',
      'abc',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--interval must be a number, not "abc"');
  });

  it('exits 3 and names the source when started as a process', async () => {
    const { code, stderr } = await runAgent([
      'video',
      join(dir, 'nope.mp4'),
      '--camera-id',
      'c',
      '--dry-run',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('nope.mp4: No such file or directory');
  });
});

describe('ppe-agent exit code 3: a source that cannot be read', () => {
  it('names a video file that does not exist, with ffmpeg’s reason', async () => {
    const { code, stderr } = await agent([
      'video',
      join(dir, 'nope.mp4'),
      '--camera-id',
      'c',
      '--dry-run',
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('nope.mp4');
    expect(stderr).toContain('No such file or directory');
  });

  it('names a file that is not a video', async () => {
    const path = join(dir, 'notes.mp4');
    writeFileSync(path, 'not a video');
    const { code, stderr } = await agent(['video', path, '--camera-id', 'c', '--dry-run']);
    expect(code).toBe(3);
    expect(stderr).toContain(`cannot read ${path}`);
  });

  it('check reports each camera and exits 3 when one cannot be read', async () => {
    const { code, stdout } = await agent([
      'check',
      '--config',
      config({ ...good, cameras: [{ id: 'gone', url: join(dir, 'gone.mp4') }] }),
    ]);
    expect(code).toBe(3);
    expect(stdout).toContain(`gone: cannot read ${join(dir, 'gone.mp4')}`);
  });

  it('names a missing ffmpeg binary', async () => {
    const { code, stderr } = await agent([
      'video',
      'a.mp4',
      '--camera-id',
      'c',
      '--dry-run',
      '--ffmpeg',
      join(dir, 'no-ffmpeg'),
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('no-ffmpeg');
  });
});
