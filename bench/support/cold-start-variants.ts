import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { POLICIES_FILE_NAME } from '../../lambda/functions/policies.js';
import type { BundledFunction } from './bundles.js';
import { lambdaRuntimeEnvironment } from './load-time.js';

/** How a function's module is loaded in a variant of the cold-start benchmark. */
export type VariantKind =
  | 'empty module'
  | 'bundled'
  | 'bundled, no source maps'
  | 'bundled, map without sourcesContent'
  | 'SDK external';

/** What is loaded, how, and with which environment. */
export interface Variant {
  fn?: BundledFunction;
  kind: VariantKind;
  file: string;
  flags: string[];
  env: Record<string, string>;
}

/** NODE_OPTIONS as the stack sets it (`--enable-source-maps`), as explicit flags. */
export const runtimeFlags = (fn: BundledFunction) =>
  (fn.environment.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);

/**
 * The function's environment: the stack's variables and Lambda's. NODE_OPTIONS is left out and
 * passed as flags instead, so that one variant can run without source maps. A variant rebuilt
 * elsewhere reads the policy file from the function's asset, where the deployed bundle has it.
 */
export function functionEnv(fn: BundledFunction): Record<string, string> {
  const { NODE_OPTIONS: _flags, ...environment } = fn.environment;
  const policies = join(dirname(fn.bundle), POLICIES_FILE_NAME);
  return {
    ...lambdaRuntimeEnvironment(fn.name, fn.runtime, fn.memoryMb),
    ...environment,
    ...(existsSync(policies) ? { POLICIES_FILE: policies } : {}),
  };
}

/**
 * Every variant to load: an empty module (with the first function's flags and environment, so
 * that only the module differs), then per function the bundle as deployed, without
 * `--enable-source-maps`, with a map that has no sourcesContent, and built with the SDK external.
 */
export function variantsOf(
  functions: readonly BundledFunction[],
  files: { empty: string; leanMap: Map<string, string>; external: Map<string, string> },
): Variant[] {
  const first = functions[0];
  if (!first) throw new Error('No functions to load');
  const variant = (
    fn: BundledFunction,
    kind: VariantKind,
    file: string,
    flags = runtimeFlags(fn),
  ) => ({ fn, kind, file, flags, env: functionEnv(fn) }) satisfies Variant;
  return [
    {
      kind: 'empty module',
      file: files.empty,
      flags: runtimeFlags(first),
      env: functionEnv(first),
    },
    ...functions.flatMap((fn) => [
      variant(fn, 'bundled', fn.bundle),
      variant(fn, 'bundled, no source maps', fn.bundle, []),
      variant(fn, 'bundled, map without sourcesContent', files.leanMap.get(fn.name) ?? ''),
      variant(fn, 'SDK external', files.external.get(fn.name) ?? ''),
    ]),
  ];
}
