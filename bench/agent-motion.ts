import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGE_AT, makeScene, SCENES, type Scene } from './support/agent-footage.js';
import { REPO_ROOT, RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';

/**
 * `npx tsx bench/agent-motion.ts`: the camera agent on generated 1080p footage at 15 fps, 60 s
 * per scene. For each: frames sent with motion gating against a fixed 2-s sampler, the delay
 * from the change to the first frame sent, CPU time per second of video (agent and its ffmpeg),
 * peak RSS, and how many such cameras one core sustains. `video` mode decodes as fast as it
 * goes, so CPU per second of video = CPU time / 60 s; a live camera costs the same per second.
 */
const FOOTAGE = join(RESULTS_DIR, 'agent-footage');
const SECONDS = 60;
const START = Date.parse('2026-01-01T00:00:00Z');
const BIN = join(REPO_ROOT, 'agent', 'bin.js');

/** Resident-set peaks (VmHWM, kB) of a process and its descendants, polled while they run. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, parent] of parents) if (parent === found[i]) found.push(pid);
  }
  return found;
}

function peakKb(pid: number): { name: string; kb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? '?';
    return { name, kb };
  } catch {
    return undefined;
  }
}

/** Runs a command under bash's `time`: CPU of it and every child it waited for, and RSS peaks. */
async function measured(command: string[]) {
  const script = `TIMEFORMAT='%3U %3S'; time ${command.map((a) => `'${a}'`).join(' ')} >"$OUT" 2>"$ERR"`;
  const out = join(FOOTAGE, 'run.out');
  const err = join(FOOTAGE, 'run.err');
  const child = spawn('bash', ['-c', script], {
    env: { ...process.env, OUT: out, ERR: err },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let timing = '';
  child.stderr.on('data', (c: Buffer) => {
    timing += c.toString();
  });
  const peaks = new Map<number, { name: string; kb: number }>();
  const poll = setInterval(() => {
    for (const pid of descendants(child.pid as number)) {
      const peak = peakKb(pid);
      if (peak && peak.name !== 'bash') peaks.set(pid, peak);
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const [user = 0, system = 0] = timing.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const byName = (name: string) =>
    Math.max(0, ...[...peaks.values()].filter((p) => p.name === name).map((p) => p.kb));
  return {
    code,
    cpu: user + system,
    nodeKb: byName('node'),
    ffmpegKb: byName('ffmpeg'),
    stdout: readFileSync(out, 'utf8'),
    stderr: readFileSync(err, 'utf8'),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const files = Object.fromEntries(
  (Object.keys(SCENES) as Scene[]).map((scene) => {
    console.error(`generating ${scene} (cached in ${FOOTAGE})`);
    return [scene, makeScene(FOOTAGE, scene)];
  }),
) as Record<Scene, string>;

const startup = await measured([process.execPath, BIN, '--help']);
const rows: (string | number)[][] = [];
const floorRows: (string | number)[][] = [];
for (const scene of Object.keys(SCENES) as Scene[]) {
  console.error(`agent on ${scene}`);
  const run = await measured([
    process.execPath,
    BIN,
    'video',
    files[scene],
    '--camera-id',
    'bench',
    '--dry-run',
    '--json',
    '--start-time',
    new Date(START).toISOString(),
  ]);
  if (run.code !== 0) throw new Error(`the agent failed on ${scene}: ${run.stderr}`);
  const summary = lines(run.stdout).find((l) => l.event === 'summary') as {
    picked: number;
    fixedSamplerCalls: number;
    sceneChanges: number;
  };
  const picked = lines(run.stderr).filter((l) => l.event === 'picked');
  const changeAt = CHANGE_AT[scene];
  const afterChange =
    changeAt === undefined
      ? []
      : picked.filter((l) => Date.parse(String(l.capturedAt)) - START >= changeAt * 1000);
  const firstAfter = afterChange.find((l) => l.reason === 'motion');
  const delay =
    scene === 'person' && firstAfter
      ? `${((Date.parse(String(firstAfter.capturedAt)) - START) / 1000 - (changeAt ?? 0)).toFixed(1)} s`
      : scene === 'person'
        ? 'none sent'
        : '';
  const cpuPerSecond = (run.cpu - startup.cpu) / SECONDS;
  rows.push([
    SCENES[scene],
    summary.picked,
    summary.fixedSamplerCalls,
    `${((100 * summary.picked) / summary.fixedSamplerCalls).toFixed(0)}%`,
    scene === 'lights'
      ? `${afterChange.length} after the switch (${summary.sceneChanges} background reset)`
      : delay,
    `${(cpuPerSecond * 1000).toFixed(0)} ms (${(cpuPerSecond * 100).toFixed(1)}%)`,
    `${Math.round(run.nodeKb / 1024)} + ${Math.round(run.ffmpegKb / 1024)} MB`,
    Math.floor(1 / cpuPerSecond),
  ]);
  const floor = spawnSync(
    'bash',
    [
      '-c',
      `TIMEFORMAT='%3U %3S'; time ffmpeg -hide_banner -loglevel error -i '${files[scene]}' -f null - 2>/dev/null`,
    ],
    { encoding: 'utf8' },
  );
  const [fu = 0, fs = 0] = floor.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  floorRows.push([
    SCENES[scene],
    `${(((fu + fs) / SECONDS) * 1000).toFixed(0)} ms (${(((fu + fs) / SECONDS) * 100).toFixed(1)}%)`,
    `${(cpuPerSecond * 1000).toFixed(0)} ms`,
  ]);
}

console.log(
  `Generated footage (ffmpeg lavfi): 1920x1080, 15 fps, ${SECONDS} s each, H.264 at 4 Mbit/s with a key frame every 2 s; a still textured scene with temporal sensor noise and light drifting by 4% over the minute. The agent ran \`ppe-agent video FILE --dry-run\` with the defaults (interval 2 s, heartbeat 60 s, motion on: grey frames at 5 per second, 160x90; full-size JPEGs at 1 per second). CPU is user + system time of the agent and its ffmpeg, less the agent's start-up (${startup.cpu.toFixed(2)} s, measured with \`ppe-agent --help\`), per second of video; a live camera at 15 fps costs the same per second of wall-clock time.`,
);
console.log('');
console.log(
  markdownTable(
    [
      'scene',
      'frames sent',
      'fixed 2-s sampler',
      'share',
      'change to first frame sent',
      'CPU per second of video',
      'peak RSS (agent + ffmpeg)',
      'cameras per core',
    ],
    rows,
  ),
);
console.log('');
console.log(
  'The floor: decoding the same file with ffmpeg alone (`ffmpeg -i FILE -f null -`), against the whole agent:',
);
console.log('');
console.log(markdownTable(['scene', 'ffmpeg decode only', 'agent'], floorRows));
