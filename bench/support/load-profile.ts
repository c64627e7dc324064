import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loaderArgs, parseLoaderOutput } from './load-time.js';
import { REPO_ROOT } from './machine.js';
import { round } from './stats.js';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where one module load spends its time: phases of Node's loader, and the bundle's code by origin. */
export interface LoadProfile {
  /** The load's wall time in the profiled run (profiling slows it down). */
  loadMs: number;
  sampledMs: number;
  byPart: { part: string; ms: number }[];
}

const BUILTIN_LOADERS = new Set([
  'compileForPublicLoader',
  'compileForInternalLoader',
  'requireBuiltin',
]);

/** The family of an original source path in the bundle's source map. */
function origin(source: string): string {
  const path = decodeURIComponent(source);
  const inPackage = path.match(/node_modules\/((@[^/]+\/)?[^/]+)\//)?.[1];
  if (!inPackage) return path.includes('lambda/') ? 'bundle: our code (lambda/)' : 'bundle: other';
  if (/^@(aws-sdk|smithy|aws-crypto|aws)\//.test(inPackage) || inPackage === 'tslib') {
    return 'bundle: AWS SDK';
  }
  if (inPackage.startsWith('@aws-lambda-powertools/')) return 'bundle: Powertools';
  if (
    /^(aws-xray-sdk-core|cls-hooked|async-hook-jl|emitter-listener|shimmer|semver)$/.test(inPackage)
  ) {
    return 'bundle: X-Ray SDK (via Powertools Tracer)';
  }
  return `bundle: ${inPackage}`;
}

/**
 * Loads a bundle once under `--cpu-prof` and splits the samples of the import (process start-up
 * excluded): compiling the module, reading
 * its source map (`--enable-source-maps`), loading Node's built-in modules, garbage collection,
 * and running the bundle's top-level code, by the package it came from (via the source map).
 */
export function profileLoad(
  bundle: string,
  options: { flags: readonly string[]; env: Record<string, string>; dir: string },
): LoadProfile {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const profileFlags = [
    '--cpu-prof',
    `--cpu-prof-dir=${options.dir}`,
    '--cpu-prof-name=load.cpuprofile',
    '--cpu-prof-interval=100',
  ];
  const sample = parseLoaderOutput(
    execFileSync(
      process.execPath,
      [...options.flags, ...profileFlags, ...loaderArgs(bundle, true)],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', ...options.env },
        stdio: ['ignore', 'pipe', 'ignore'],
        encoding: 'utf8',
      },
    ),
  );
  const [windowStart, windowEnd] = sample.windowUs;
  const profile = JSON.parse(readFileSync(join(options.dir, 'load.cpuprofile'), 'utf8')) as Profile;
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapPayload);
  const bundleUrl = pathToFileURL(bundle).href;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const partOf = (id: number): string | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) continue;
      if (frame.functionName === '(idle)') return undefined;
      if (frame.functionName === '(garbage collector)') return 'garbage collector';
      if (frame.url.startsWith('node:internal/source_map')) return 'reading the source map';
      if (frame.functionName === 'compileSourceTextModule') return 'compiling the module';
      if (BUILTIN_LOADERS.has(frame.functionName)) return "loading Node's built-in modules";
      if (frame.url === bundleUrl) {
        const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
        // Unmapped: esbuild's module wrappers and the top level, where V8's lazy compilation of
        // each wrapped module's body is counted.
        return 'originalSource' in entry
          ? origin(entry.originalSource)
          : 'bundle: module wrappers (lazy compilation)';
      }
    }
    return 'loader and process, other';
  };
  const parts = new Map<string, number>();
  let total = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (time < windowStart || time > windowEnd) return;
    const part = partOf(id);
    const us = profile.timeDeltas[index + 1] ?? 0;
    if (!part) return;
    total += us;
    parts.set(part, (parts.get(part) ?? 0) + us);
  });
  return {
    loadMs: round(sample.ms),
    sampledMs: round(total / 1000),
    byPart: [...parts]
      .sort((a, b) => b[1] - a[1])
      .map(([part, us]) => ({ part, ms: round(us / 1000) })),
  };
}
