import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../agent/bin.js', import.meta.url));

/** A fresh temporary directory. */
export const tempDir = (prefix = 'ppe-agent-') => mkdtempSync(join(tmpdir(), prefix));

/** What a finished agent run printed and how it exited. */
export interface AgentResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ppe-agent ARGS` to the end, as a user would (`npx ppe-agent`). */
export function runAgent(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AgentResult> {
  const child = startAgent(args, options);
  return finished(child);
}

/** Starts `ppe-agent ARGS` as a child process; its output collects on `.output`. */
export function startAgent(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => {
    child.output.stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    child.output.stderr += c.toString();
  });
  return child;
}

/** Resolves when the child has exited, with everything it printed. */
export function finished(child: ReturnType<typeof startAgent>): Promise<AgentResult> {
  return new Promise((resolve) => {
    const done = (code: number | null) => resolve({ code, ...child.output });
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.on('close', done);
  });
}

/** Resolves once `condition` holds, checking every 50 ms; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The JSON log lines of a `--json` run. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The summary record of one camera in a `--json` run's stdout. */
export function summaryOf(stdout: string, cameraId: string) {
  const record = jsonLines(stdout).find((l) => l.event === 'summary' && l.cameraId === cameraId);
  if (!record) throw new Error(`No summary for ${cameraId} in:\n${stdout}`);
  return record as Record<string, number>;
}

/**
 * Generates a short test video with ffmpeg's lavfi sources: a grey scene with temporal noise,
 * optionally a bright block crossing between `crossFrom` and `crossTo` seconds, or the lights
 * switching on (a brightness step) at `lightsAt`.
 */
export function makeVideo(
  path: string,
  options: {
    seconds: number;
    size?: string;
    fps?: number;
    crossFrom?: number;
    crossTo?: number;
    lightsAt?: number;
    creationTime?: string;
  },
): string {
  const size = options.size ?? '320x180';
  const fps = options.fps ?? 10;
  const [width] = size.split('x').map(Number) as [number];
  const filters: string[] = [
    `[0]noise=alls=10:allf=t${options.lightsAt !== undefined ? `,eq=brightness='if(gte(t,${options.lightsAt}),0.35,0)':eval=frame` : ''}[bg]`,
  ];
  let last = 'bg';
  if (options.crossFrom !== undefined && options.crossTo !== undefined) {
    const span = options.crossTo - options.crossFrom;
    filters.push(
      `[${last}][1]overlay=x='if(between(t,${options.crossFrom},${options.crossTo}),(t-${options.crossFrom})/${span}*${width},-200)':y=main_h/4[out]`,
    );
    last = 'out';
  }
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=0x505050:s=${size}:r=${fps}:d=${options.seconds}`],
    ...[
      '-f',
      'lavfi',
      '-i',
      `color=c=0xe0e0e0:s=${Math.round(width / 8)}x${Math.round(width / 4)}:r=${fps}:d=${options.seconds}`,
    ],
    ...['-filter_complex', filters.join(';'), '-map', `[${last}]`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...(options.creationTime ? ['-metadata', `creation_time=${options.creationTime}`] : []),
    path,
  ];
  const run = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${run.stderr}`);
  return path;
}
