/**
 * Cold start per function: the bundle the stack deploys (size, and zipped as a package) and the
 * time to import it in a fresh Node process with the flags and environment it has in Lambda,
 * median of 10 rounds, beside an empty module loaded the same way in the same rounds.
 *
 * Usage: npx tsx bench/cold-start.ts   (writes bench/results/cold-start.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledFunctions, bundleSize, loadMs, synth } from './support/bundles.js';
import { machine, RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';
import { median, round } from './support/stats.js';

const ROUNDS = 10;
const SYNTH_DIR = join(RESULTS_DIR, 'cdk.out');

const started = performance.now();
const host = machine();
mkdirSync(RESULTS_DIR, { recursive: true });
process.stderr.write('cold-start: cdk synth\n');
synth(SYNTH_DIR);
const functions = bundledFunctions(SYNTH_DIR);
const first = functions[0];
if (!first) throw new Error(`No bundled functions in ${SYNTH_DIR}`);
const empty = join(RESULTS_DIR, 'empty-module.mjs');
writeFileSync(empty, '');

// Rounds interleave every load, so that the machine's noise falls on all of them alike.
const samples = new Map<string, number[]>();
const sample = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
for (let n = 1; n <= ROUNDS; n++) {
  process.stderr.write(`cold-start: round ${n}/${ROUNDS}\n`);
  sample('(empty module)', loadMs(empty, first.flags, first.env, false));
  for (const fn of functions) sample(fn.name, loadMs(fn.bundle, fn.flags, fn.env, true));
}
const emptyMs = round(median(samples.get('(empty module)') ?? []));
const results = functions.map((fn) => {
  const ms = samples.get(fn.name) ?? [];
  return {
    function: fn.name,
    size: bundleSize(fn.bundle),
    loadMs: { median: round(median(ms)), min: round(Math.min(...ms)), max: round(Math.max(...ms)) },
  };
});
const durationSeconds = Math.round((performance.now() - started) / 1000);
writeFileSync(
  join(RESULTS_DIR, 'cold-start.json'),
  `${JSON.stringify({ benchmark: 'cold-start', machine: host, rounds: ROUNDS, emptyMs, results }, null, 2)}\n`,
);

const kb = (bytes: number) => round(bytes / 1024);
console.log(
  [
    `Load average at start: ${host.loadAverage1m}. The bundles of \`cdk synth\` (esbuild, minified, the AWS SDK bundled, source maps with --enable-source-maps as the stack sets NODE_OPTIONS); load = \`await import()\` in a fresh process, process start excluded, median of ${ROUNDS} rounds. An empty module loads in ${emptyMs} ms the same way.`,
    '',
    markdownTable(
      ['function', 'index.mjs KB', '.map KB', 'zipped KB', 'load ms', 'min-max'],
      results.map((r) => [
        r.function,
        kb(r.size.mjs),
        kb(r.size.map),
        kb(r.size.zipped),
        r.loadMs.median,
        `${r.loadMs.min}-${r.loadMs.max}`,
      ]),
    ),
    '',
    `Wrote bench/results/cold-start.json in ${durationSeconds} s.`,
  ].join('\n'),
);
