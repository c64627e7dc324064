import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine, REPO_ROOT } from './support/machine.js';

/**
 * `npm run bench`: runs every benchmark in turn, each in its own process, prints what each
 * prints, and writes it all to BENCHMARKS.md with the machine it ran on, followed by the dated
 * findings of one-off investigations (bench/findings.md, written by hand). Figures from one run
 * only: these machines are shared and noisy, so every figure stands beside its reference.
 */
const BENCHMARKS = [
  { script: 'bench/overhead.ts', title: '1. Per-frame overhead of our own code' },
  { script: 'bench/cold-start.ts', title: '2. Cold start' },
  { script: 'bench/quota-drain.ts', title: '3. The S3 path against a Rekognition quota' },
  { script: 'bench/cost.ts', title: '4. Cost per million frames' },
  { script: 'bench/agent-motion.ts', title: '5. Camera agent: motion gating on 1080p footage' },
  {
    script: 'bench/analytics.ts',
    title: '6. Analytics: a month of exports, the named queries on DuckDB and Athena',
  },
];

const started = new Date();
const host = machine();
const sections: string[] = [];
for (const { script, title } of BENCHMARKS) {
  console.error(`\n== ${title} (${script}), load average ${machine().loadAverage1m}`);
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
  sections.push(`## ${title}\n\n${body}\n`);
}

const findings = readFileSync(join(REPO_ROOT, 'bench/findings.md'), 'utf8').trim();
const document = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}, in ${Math.round((Date.now() - started.getTime()) / 1000)} s, on ${host.cpu} (${host.cores} cores, ${host.memoryGb} GB), ${host.os}, Node.js ${host.node}; 1-minute load average ${host.loadAverage1m} at the start. The machine is shared and noisy: compare a figure with its reference from the same run, not with another run. No test asserts a timing.`,
  '',
  ...sections,
  findings,
  '',
].join('\n');
writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), document);
console.error('\nWrote BENCHMARKS.md');
