/**
 * Part 2 of issue 4: cold start. For each function the stack bundles, the bundle's size and the
 * time to load it in a fresh Node process (median of 10), beside an empty module loaded the same
 * way in the same run; variants without source maps, with a leaner map, and built with the AWS SDK
 * left external (what bundling the SDK costs either way); and one profiled load per function.
 * Writes bench/results/cold-start.json.
 *
 * Usage: npx tsx bench/cold-start.ts [--no-synth]   (--no-synth reuses the last synth output)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  buildWithExternalSdk,
  bundledFunctions,
  bundleSize,
  copyWithoutSourcesContent,
  sdkVersions,
  synth,
} from './support/bundles.js';
import { printColdStart, type VariantResult } from './support/cold-start-report.js';
import {
  functionEnv,
  runtimeFlags,
  type Variant,
  variantsOf,
} from './support/cold-start-variants.js';
import { profileLoad } from './support/load-profile.js';
import { type LoadSample, loadOnce } from './support/load-time.js';
import { machine, REPO_ROOT, RESULTS_DIR } from './support/machine.js';
import { median, round } from './support/stats.js';

const RUNS = 10;
const GOAL_MS = 100;
const DIR = join(RESULTS_DIR, 'cold-start');
const SYNTH_DIR = join(RESULTS_DIR, 'cdk.out');

const started = performance.now();
mkdirSync(DIR, { recursive: true });
const reuse = process.argv.includes('--no-synth') && existsSync(SYNTH_DIR);
process.stderr.write(reuse ? 'cold-start: reusing the last synth\n' : 'cold-start: cdk synth\n');
const synthSeconds = reuse ? undefined : round(synth(SYNTH_DIR));
const functions = bundledFunctions(SYNTH_DIR);
if (functions.length === 0) throw new Error(`No bundled functions in ${SYNTH_DIR}`);

process.stderr.write(`cold-start: building ${functions.length} functions with the SDK external\n`);
const external = new Map<string, string>();
const leanMap = new Map<string, string>();
for (const fn of functions) {
  external.set(fn.name, await buildWithExternalSdk(fn, join(DIR, 'external-sdk')));
  leanMap.set(fn.name, copyWithoutSourcesContent(fn, join(DIR, 'lean-map')));
}
const empty = join(DIR, 'empty-module.mjs');
writeFileSync(empty, '');
const variants = variantsOf(functions, { empty, leanMap, external });

// Rounds interleave every variant, so that the machine's noise falls on all of them alike.
const samples = new Map<Variant, LoadSample[]>(variants.map((variant) => [variant, []]));
for (let round = 1; round <= RUNS; round++) {
  process.stderr.write(`cold-start: round ${round}/${RUNS} (${variants.length} loads)\n`);
  for (const variant of variants) {
    const { file, flags, env } = variant;
    samples
      .get(variant)
      ?.push(loadOnce(file, { flags, env, expectHandler: variant.kind !== 'empty module' }));
  }
}

const results: VariantResult[] = variants.map((variant) => {
  const runs = samples.get(variant) ?? [];
  const ms = runs.map((run) => run.ms);
  return {
    function: variant.fn?.name ?? '(empty module)',
    variant: variant.kind,
    file: relative(REPO_ROOT, variant.file),
    flags: variant.flags,
    size: bundleSize(variant.file),
    loadMs: {
      median: round(median(ms)),
      min: round(Math.min(...ms)),
      max: round(Math.max(...ms)),
      runs: ms.map(round),
    },
    rssAfterLoadMb: round(median(runs.map((run) => run.rssMb))),
  };
});
const emptyMs = results[0]?.loadMs.median ?? 0;

process.stderr.write('cold-start: one profiled load (--cpu-prof) per bundle\n');
const loadProfiles = functions.map((fn) => ({
  function: fn.name,
  ...profileLoad(fn.bundle, {
    flags: runtimeFlags(fn),
    env: functionEnv(fn),
    dir: join(DIR, 'profiles', fn.name),
  }),
}));

const report = {
  benchmark: 'cold-start',
  generatedAt: new Date().toISOString(),
  machine: machine(),
  durationSeconds: Math.round((performance.now() - started) / 1000),
  method: {
    bundles: `npx cdk synth --quiet --output ${relative(REPO_ROOT, SYNTH_DIR)}${reuse ? ' (reused)' : ''}; functions found from each AWS::Lambda::Function's aws:asset:path`,
    load:
      'a fresh `node` process per load; performance.now() around `await import(file)` only (process start excluded); ' +
      'environment: the variables the stack sets (references replaced by stand-ins) plus those Lambda sets; ' +
      'flags: NODE_OPTIONS as the stack sets it (--enable-source-maps), except the "no source maps" variant',
    externalSdk:
      "esbuild with lib/ppe-function.ts's options and external: ['@aws-sdk/*', '@smithy/*']; the SDK then resolves from " +
      "node_modules (the lock file's versions), as it would from the Lambda runtime's own, unpinned, SDK",
    runs: RUNS,
    statistic: 'median of runs, interleaved round by round with every other variant',
    loadProfiles:
      'one extra load of each bundle under --cpu-prof (slower than unprofiled), samples of the import split by phase, ' +
      "and the bundle's own code by the package the source map names",
  },
  units: { size: 'bytes', load: 'ms', rss: 'MB' },
  goal: { maxLoadMs: GOAL_MS, appliesTo: 'bundled (as deployed)' },
  synthSeconds,
  sdkBundlingPolicy: {
    policy:
      'The AWS SDK v3 is bundled into each function (lib/ppe-function.ts: externalModules: []): versions pinned by ' +
      'package-lock.json, tested as deployed, tree-shaken to the clients each function imports.',
    sdkVersions: sdkVersions(),
  },
  emptyModuleMs: emptyMs,
  results,
  loadProfiles,
};
writeFileSync(join(RESULTS_DIR, 'cold-start.json'), `${JSON.stringify(report, null, 2)}\n`);
printColdStart(report.machine, results, emptyMs, GOAL_MS, loadProfiles);
console.log(`\nWrote bench/results/cold-start.json in ${report.durationSeconds} s.`);
