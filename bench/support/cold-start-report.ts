import type { BundleSize } from './bundles.js';
import type { VariantKind } from './cold-start-variants.js';
import type { LoadProfile } from './load-profile.js';
import { markdownTable } from './markdown.js';
import { round } from './stats.js';

/** One function in one variant: its size and its load times. */
export interface VariantResult {
  function: string;
  variant: VariantKind;
  file: string;
  flags: string[];
  size: BundleSize;
  loadMs: { median: number; min: number; max: number; runs: number[] };
  rssAfterLoadMb: number;
}

const kb = (bytes: number) => round(bytes / 1024);

/** Prints the cold-start tables, every load beside the empty module's, and the load profiles. */
export function printColdStart(
  machine: Record<string, unknown>,
  results: readonly VariantResult[],
  emptyMs: number,
  goalMs: number,
  profiles: readonly (LoadProfile & { function: string })[],
) {
  const find = (fn: string, variant: VariantKind) => {
    const found = results.find((r) => r.function === fn && r.variant === variant);
    if (!found) throw new Error(`No ${variant} result for ${fn}`);
    return found;
  };
  const functions = [
    ...new Set(results.filter((r) => r.variant === 'bundled').map((r) => r.function)),
  ];
  const runs = results[0]?.loadMs.runs.length;
  console.log(
    `\n## Cold start: module load (${machine.cpu}, ${machine.cores} cores, Node ${machine.node})\n`,
  );
  console.log(
    `Empty module, loaded the same way in the same rounds: ${emptyMs} ms (median of ${runs}).\n`,
  );
  console.log(
    markdownTable(
      [
        'function',
        'index.mjs KB',
        '.map KB',
        'zipped KB',
        'load ms',
        'min-max',
        'minus empty',
        `goal <= ${goalMs} ms`,
        'RSS MB',
        'no source maps ms',
        'map w/o sourcesContent ms',
      ],
      functions.map((fn) => {
        const bundled = find(fn, 'bundled');
        return [
          fn,
          kb(bundled.size.mjs),
          kb(bundled.size.map),
          kb(bundled.size.zipped),
          bundled.loadMs.median,
          `${bundled.loadMs.min}-${bundled.loadMs.max}`,
          round(bundled.loadMs.median - emptyMs),
          bundled.loadMs.median <= goalMs ? 'met' : 'missed',
          bundled.rssAfterLoadMb,
          find(fn, 'bundled, no source maps').loadMs.median,
          find(fn, 'bundled, map without sourcesContent').loadMs.median,
        ];
      }),
    ),
  );
  console.log('\n## AWS SDK bundled (as deployed) or external (resolved at run time)\n');
  console.log(
    markdownTable(
      [
        'function',
        'bundled KB',
        'external KB',
        'bundled zipped KB',
        'external zipped KB',
        'bundled load ms',
        'external load ms',
        'external - bundled ms',
      ],
      functions.map((fn) => {
        const bundled = find(fn, 'bundled');
        const external = find(fn, 'SDK external');
        return [
          fn,
          kb(bundled.size.mjs),
          kb(external.size.mjs),
          kb(bundled.size.zipped),
          kb(external.size.zipped),
          bundled.loadMs.median,
          external.loadMs.median,
          round(external.loadMs.median - bundled.loadMs.median),
        ];
      }),
    ),
  );
  const parts = [...new Set(profiles.flatMap((p) => p.byPart.map((part) => part.part)))];
  console.log('\n## Where a bundled load goes (one --cpu-prof load each; ms, profiled)\n');
  console.log(
    markdownTable(
      ['part', ...profiles.map((p) => p.function)],
      [
        ['load (profiled)', ...profiles.map((p) => p.loadMs)],
        ...parts.map((part) => [
          part,
          ...profiles.map((p) => p.byPart.find((row) => row.part === part)?.ms ?? 0),
        ]),
      ],
    ),
  );
}
