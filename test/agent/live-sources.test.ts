import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  finished,
  jsonLines,
  runAgent,
  startAgent,
  summaryOf,
  tempDir,
  waitUntil,
} from './support/agent-process.js';
import { startHttpCameras } from './support/http-cameras.js';
import { startRtspServer } from './support/rtsp-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Publishes a lavfi test pattern to an RTSP server over TCP, in real time, as a camera would. */
function publish(url: string): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      ...[
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x180:rate=10',
      ],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '10'],
      ...['-f', 'rtsp', '-rtsp_transport', 'tcp', url],
    ],
    { stdio: 'ignore' },
  );
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

function writeConfig(cameras: { id: string; url: string; motionUrl?: string }[]) {
  const path = join(tempDir(), 'cameras.json');
  writeFileSync(path, JSON.stringify({ endpoint: 'http://127.0.0.1:9', auth: 'none', cameras }));
  return path;
}

/** Picked frames of a camera so far in a running agent's JSON log. */
const picks = (agent: ReturnType<typeof startAgent>, cameraId: string) =>
  jsonLines(agent.output.stderr).filter((l) => l.event === 'picked' && l.cameraId === cameraId)
    .length;
const logged = (agent: ReturnType<typeof startAgent>, event: string) =>
  jsonLines(agent.output.stderr).filter((l) => l.event === event);

/** `run --dry-run`, sampling every second so that frames come whatever the picture does. */
function runDry(config: string) {
  const agent = startAgent([
    'run',
    '--config',
    config,
    '--dry-run',
    '--json',
    '--motion',
    'off',
    '--interval',
    '1',
  ]);
  cleanups.push(() => agent.kill('SIGKILL'));
  return agent;
}

describe('ppe-agent run on live sources', () => {
  it('reads an RTSP camera over TCP, reconnects after the server stops and restarts, and goes on', async () => {
    const server = await startRtspServer();
    cleanups.push(() => server.stop());
    const url = server.readUrl;
    publish(server.publishUrl);
    const agent = runDry(writeConfig([{ id: 'rtsp-cam', url }]));
    await waitUntil(() => picks(agent, 'rtsp-cam') >= 2, 'frames from the RTSP camera');

    await server.stop();
    await waitUntil(
      () => logged(agent, 'source-trouble').length > 0,
      'the agent to notice the stop',
    );
    const before = picks(agent, 'rtsp-cam');
    const again = await startRtspServer(server.port);
    cleanups.push(() => again.stop());
    publish(again.publishUrl);
    await waitUntil(() => logged(agent, 'source-recovered').length > 0, 'the agent to reconnect');
    await waitUntil(() => picks(agent, 'rtsp-cam') >= before + 2, 'frames after the reconnect');

    agent.kill('SIGTERM');
    const { code, stdout } = await finished(agent);
    expect(code).toBe(0);
    expect(String(logged(agent, 'source-trouble')[0]?.message)).toContain(url);
    expect(summaryOf(stdout, 'rtsp-cam').picked).toBeGreaterThanOrEqual(before + 2);
  });

  it('reads an HTTP MJPEG stream, a JPEG snapshot camera and one with a motion sub-stream', async () => {
    const cameras = await startHttpCameras();
    cleanups.push(() => cameras.close());
    const agent = runDry(
      writeConfig([
        { id: 'mjpeg-cam', url: `${cameras.url}/mjpeg` },
        { id: 'snap-cam', url: `${cameras.url}/snapshot.jpg` },
        { id: 'sub-cam', url: `${cameras.url}/mjpeg`, motionUrl: `${cameras.url}/mjpeg` },
      ]),
    );
    await waitUntil(
      () =>
        picks(agent, 'mjpeg-cam') >= 2 &&
        picks(agent, 'snap-cam') >= 2 &&
        picks(agent, 'sub-cam') >= 2,
      'frames from both cameras',
    );
    agent.kill('SIGTERM');
    const { code, stdout } = await finished(agent);
    expect(code).toBe(0);
    expect(summaryOf(stdout, 'mjpeg-cam').decoded).toBeGreaterThan(0);
    expect(summaryOf(stdout, 'snap-cam').decoded).toBeGreaterThan(0);
    expect(summaryOf(stdout, 'sub-cam').decoded).toBeGreaterThan(0);
    expect(cameras.snapshots()).toBeGreaterThanOrEqual(2);
  });

  it('check probes every source once and reports each', async () => {
    const cameras = await startHttpCameras();
    cleanups.push(() => cameras.close());
    const { code, stdout } = await runAgent([
      'check',
      '--config',
      writeConfig([
        { id: 'mjpeg-cam', url: `${cameras.url}/mjpeg` },
        { id: 'snap-cam', url: `${cameras.url}/snapshot.jpg` },
        { id: 'dead-cam', url: `${cameras.url}/nothing` },
      ]),
    ]);
    expect(code).toBe(3);
    expect(stdout).toContain('mjpeg-cam: ok');
    expect(stdout).toContain('snap-cam: ok');
    expect(stdout).toMatch(/dead-cam: cannot read http:\/\/127\.0\.0\.1:\d+\/nothing: .*404/);
  });
});
