import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import { REPO_ROOT } from './machine.js';

/** One of the stack's functions, as synthesized. */
export interface BundledFunction {
  /** Kebab-case name, e.g. `api-ingest` (its entry is lambda/functions/<name>.ts). */
  name: string;
  logicalId: string;
  runtime: string;
  memoryMb: number;
  /** The bundle CDK built: cdk.out/asset.<hash>/index.mjs. */
  bundle: string;
  /** The environment the stack sets, with deploy-time references replaced by plausible values. */
  environment: Record<string, string>;
}

/** File sizes of a bundle in bytes; `zipped` approximates the deployment package (deflate). */
export interface BundleSize {
  mjs: number;
  map: number;
  zipped: number;
}

/** Values of the variables whose stack values are CloudFormation references. */
const REFERENCE_VALUES: Record<string, string> = {
  TABLE_NAME: 'PpeDetection-ResultsTable-BENCH',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:PpeDetection-AlertTopic-BENCH',
  INGEST_BUCKET: 'ppedetection-ingestbucket-bench',
};

/**
 * Synthesizes the stack into `outdir` (not the shared cdk.out, which others may be writing).
 * Returns the seconds it took.
 */
export function synth(outdir: string): number {
  const started = performance.now();
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return (performance.now() - started) / 1000;
}

const kebab = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

interface TemplateFunction {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: {
    Runtime?: string;
    MemorySize?: number;
    Environment?: { Variables?: Record<string, unknown> };
  };
}

/** The Node.js functions of the synthesized template, each with its asset's bundle. */
export function bundledFunctions(outdir: string): BundledFunction[] {
  const template = JSON.parse(readFileSync(join(outdir, 'PpeDetection.template.json'), 'utf8')) as {
    Resources: Record<string, TemplateFunction>;
  };
  const functions: BundledFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
    const bundle = join(outdir, assetPath, 'index.mjs');
    if (!existsSync(bundle)) continue;
    const name = kebab(logicalId.replace(/Function[0-9A-F]{8}$/, ''));
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(resource.Properties.Environment?.Variables ?? {})) {
      const resolved = typeof value === 'string' ? value : REFERENCE_VALUES[key];
      if (resolved === undefined) throw new Error(`${name}: no stand-in value for ${key}`);
      environment[key] = resolved;
    }
    functions.push({
      name,
      logicalId,
      runtime: resource.Properties.Runtime ?? 'unknown',
      memoryMb: resource.Properties.MemorySize ?? 128,
      bundle,
      environment,
    });
  }
  return functions.sort((a, b) => a.name.localeCompare(b.name));
}

/** The sizes of a bundle and its source map. */
export function bundleSize(bundle: string): BundleSize {
  const map = `${bundle}.map`;
  const hasMap = existsSync(map);
  return {
    mjs: statSync(bundle).size,
    map: hasMap ? statSync(map).size : 0,
    zipped:
      deflateRawSync(readFileSync(bundle)).length +
      (hasMap ? deflateRawSync(readFileSync(map)).length : 0),
  };
}

/**
 * Builds a function as lib/ppe-function.ts does (esbuild: ESM, minified, source maps, platform
 * node, the runtime's target, mainFields module,main, the createRequire banner) but with the
 * AWS SDK left external, so that it resolves from node_modules as Lambda's runtime SDK would.
 */
export async function buildWithExternalSdk(fn: BundledFunction, outdir: string): Promise<string> {
  const outfile = join(outdir, fn.name, 'index.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'lambda', 'functions', `${fn.name}.ts`)],
    bundle: true,
    outfile,
    platform: 'node',
    format: 'esm',
    target: fn.runtime.replace('nodejs', 'node').replace('.x', ''),
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    banner: {
      js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
    external: ['@aws-sdk/*', '@smithy/*'],
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * A copy of a bundle whose source map leaves out `sourcesContent` (esbuild's `sourcesContent:
 * false`): same code and mappings, a smaller map for `--enable-source-maps` to read at load.
 */
export function copyWithoutSourcesContent(fn: BundledFunction, outdir: string): string {
  const dir = join(outdir, fn.name);
  mkdirSync(dir, { recursive: true });
  const map = JSON.parse(readFileSync(`${fn.bundle}.map`, 'utf8')) as { sourcesContent?: unknown };
  delete map.sourcesContent;
  copyFileSync(fn.bundle, join(dir, 'index.mjs'));
  writeFileSync(join(dir, 'index.mjs.map'), JSON.stringify(map));
  return join(dir, 'index.mjs');
}

/** The pinned versions of the SDK clients the functions bundle (from node_modules). */
export function sdkVersions(): Record<string, string> {
  const clients = [
    'client-dynamodb',
    'client-rekognition',
    'client-s3',
    'client-sns',
    'lib-dynamodb',
  ];
  return Object.fromEntries(
    clients.map((client) => {
      const manifest = join(REPO_ROOT, 'node_modules', '@aws-sdk', client, 'package.json');
      return [
        `@aws-sdk/${client}`,
        (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
      ];
    }),
  );
}
