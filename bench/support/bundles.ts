import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { REPO_ROOT } from './machine.js';

/** One of the stack's functions, as synthesized. */
export interface BundledFunction {
  /** Kebab-case name, e.g. `api-ingest`. */
  name: string;
  /** The bundle CDK built: <outdir>/asset.<hash>/index.mjs. */
  bundle: string;
  /** NODE_OPTIONS as the stack sets it, as flags. */
  flags: string[];
  /** The stack's variables (references replaced by placeholders) and those Lambda sets. */
  env: Record<string, string>;
}

/** Synthesizes the stack into `outdir` (not the shared cdk.out, which others may be writing). */
export function synth(outdir: string): void {
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: {
    Runtime?: string;
    MemorySize?: number;
    Environment?: { Variables?: Record<string, unknown> };
  };
}

const kebab = (pascal: string) => pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The variables Lambda's Node.js runtime sets, so that module-scope code sees what it sees there. */
function lambdaEnvironment(name: string, runtime: string, memoryMb: number) {
  return {
    AWS_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: `PpeDetection-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    LAMBDA_TASK_ROOT: '/var/task',
    TZ: ':UTC',
    // Lambda runs Node 24, where the SDK emits no Node-version warning; this machine may not.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The Node.js functions of the synthesized template, each with its asset's bundle. */
export function bundledFunctions(outdir: string): BundledFunction[] {
  const template = JSON.parse(readFileSync(join(outdir, 'PpeDetection.template.json'), 'utf8')) as {
    Resources: Record<string, TemplateResource>;
  };
  const functions: BundledFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
    const bundle = join(outdir, assetPath, 'index.mjs');
    if (!existsSync(bundle)) continue;
    const name = kebab(logicalId.replace(/Function[0-9A-F]{8}$/, ''));
    const { NODE_OPTIONS, ...variables } = Object.fromEntries(
      Object.entries(resource.Properties.Environment?.Variables ?? {}).map(([key, value]) => [
        key,
        // A deploy-time reference (a table name, a topic ARN): a placeholder of the same kind.
        typeof value === 'string' ? value : `bench-${key.toLowerCase().replaceAll('_', '-')}`,
      ]),
    );
    const { Runtime = 'nodejs', MemorySize = 128 } = resource.Properties;
    functions.push({
      name,
      bundle,
      flags: (NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
      env: { ...lambdaEnvironment(name, Runtime, MemorySize), ...variables },
    });
  }
  return functions.sort((a, b) => a.name.localeCompare(b.name));
}

/** Sizes of a bundle and its source map in bytes; `zipped` approximates the deployment package. */
export function bundleSize(bundle: string) {
  const files = [bundle, `${bundle}.map`].filter(existsSync);
  return {
    mjs: statSync(bundle).size,
    map: files[1] ? statSync(files[1]).size : 0,
    zipped: files.reduce((sum, file) => sum + deflateRawSync(readFileSync(file)).length, 0),
  };
}

/** Runs in a fresh process: times `await import(file)` alone, then checks the handler export. */
const LOADER = `
const { pathToFileURL } = await import('node:url');
const started = performance.now();
const loaded = await import(pathToFileURL(process.argv[1]).href);
const ms = performance.now() - started;
if (process.argv[2] === 'handler' && typeof loaded.handler !== 'function') {
  throw new Error(process.argv[1] + ' exports no handler');
}
process.stdout.write(JSON.stringify({ ms }));
`;

/** Loads `file` in a fresh `node` process with the given flags and environment; the import's ms. */
export function loadMs(
  file: string,
  flags: string[],
  env: Record<string, string>,
  handler: boolean,
) {
  const output = execFileSync(
    process.execPath,
    [...flags, '--input-type=module', '-e', LOADER, file, handler ? 'handler' : 'any'],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  // The module may log at load; the loader's JSON comes last.
  return (JSON.parse(output.slice(output.lastIndexOf('{"ms"'))) as { ms: number }).ms;
}
