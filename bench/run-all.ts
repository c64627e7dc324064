import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBenchmarks, writeBenchmarks } from './support/benchmarks-document.js';
import { machine, REPO_ROOT } from './support/machine.js';

/**
 * `npm run bench`: runs every benchmark in turn, each in its own process, prints what each
 * prints, and writes it all to BENCHMARKS.md with the machine it ran on, followed by the dated
 * findings of one-off investigations (bench/findings.md, written by hand). Figures from one run
 * only: these machines are shared and noisy, so every figure stands beside its reference.
 *
 * `npm run bench -- NAME...` (e.g. `npm run bench -- console`) runs only those benchmarks and
 * replaces only their sections of BENCHMARKS.md, each then saying when and where it ran.
 */
const BENCHMARKS = [
  { name: 'overhead', script: 'bench/overhead.ts', title: '1. Per-frame overhead of our own code' },
  { name: 'cold-start', script: 'bench/cold-start.ts', title: '2. Cold start' },
  {
    name: 'quota-drain',
    script: 'bench/quota-drain.ts',
    title: '3. The S3 path against a Rekognition quota',
  },
  { name: 'cost', script: 'bench/cost.ts', title: '4. Cost per million frames' },
  {
    name: 'agent-motion',
    script: 'bench/agent-motion.ts',
    title: '5. Camera agent: motion gating on 1080p footage',
  },
  {
    name: 'console',
    script: 'bench/console-violations.ts',
    title: '6. Review console: the violations view on 10,000 stored frames, and the bundle',
  },
  {
    name: 'analytics',
    script: 'bench/analytics.ts',
    title: '7. Analytics: a month of exports, the named queries on DuckDB and Athena',
  },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(
    `No benchmark named ${unknown.join(', ')}: choose from ${BENCHMARKS.map((b) => b.name).join(', ')}.`,
  );
  process.exit(2);
}
const selected = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;

const started = new Date();
const host = machine();
const full = selected.length === BENCHMARKS.length;
const day = (at: Date) => at.toISOString().slice(0, 10);
const seconds = (since: Date) => Math.round((Date.now() - since.getTime()) / 1000);
const hostLine = (load: number) =>
  `on ${host.cpu} (${host.cores} cores, ${host.memoryGb} GB), ${host.os}, Node.js ${host.node}; 1-minute load average ${load} at the start`;
const sections = new Map<string, string>();
for (const { script, title } of selected) {
  const sectionStarted = new Date();
  const load = machine().loadAverage1m;
  console.error(`\n== ${title} (${script}), load average ${load}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    console.error(`${script} failed with exit code ${run.status}`);
    process.exit(1);
  }
  // Each benchmark's own headings go one level below its section's.
  const body = run.stdout.trim().replace(/^(#{1,5}) /gm, '#$1 ');
  const alone = full
    ? ''
    : `Run alone (\`npm run bench -- ${wanted.join(' ')}\`) on ${day(sectionStarted)}, in ${seconds(sectionStarted)} s, ${hostLine(load)}.\n\n`;
  sections.set(title, `## ${title}\n\n${alone}${body}\n`);
}

const path = join(REPO_ROOT, 'BENCHMARKS.md');
const previous = full || !existsSync(path) ? undefined : readBenchmarks(readFileSync(path, 'utf8'));
const header =
  previous?.header ??
  `Written by \`npm run bench\` on ${day(started)}, in ${seconds(started)} s, ${hostLine(host.loadAverage1m)}. The machine is shared and noisy: compare a figure with its reference from the same run, not with another run. No test asserts a timing.`;
const document = writeBenchmarks(
  BENCHMARKS.map((b) => b.title),
  { header, sections },
  readFileSync(join(REPO_ROOT, 'bench/findings.md'), 'utf8'),
  previous,
);
writeFileSync(path, document);
console.error('\nWrote BENCHMARKS.md');
