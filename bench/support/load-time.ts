import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './machine.js';

/** One module load in a fresh process: the import's wall time and the RSS right after it. */
export interface LoadSample {
  ms: number;
  rssMb: number;
  /** The import's start and end on the monotonic clock, in microseconds (as CPU profiles). */
  windowUs: [number, number];
}

/**
 * Runs in the fresh process: times `await import(file)` alone (not process start-up), then
 * checks that a function module exports its handler.
 */
export const LOADER = `
const { pathToFileURL } = await import('node:url');
const url = pathToFileURL(process.argv[1]).href;
const startUs = process.hrtime.bigint() / 1000n;
const started = performance.now();
const loaded = await import(url);
const ms = performance.now() - started;
const endUs = process.hrtime.bigint() / 1000n;
if (process.argv[2] === 'handler' && typeof loaded.handler !== 'function') {
  throw new Error(process.argv[1] + ' exports no handler');
}
const rssMb = process.memoryUsage().rss / 1048576;
process.stdout.write(JSON.stringify({ ms, rssMb, windowUs: [Number(startUs), Number(endUs)] }));
`;

/**
 * The variables Lambda's Node.js runtime sets for every function, so that module-scope code sees
 * what it sees in Lambda (Powertools Tracer, for one, turns X-Ray on only there).
 */
export function lambdaRuntimeEnvironment(name: string, runtime: string, memoryMb: number) {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: `PpeDetection-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    // Lambda runs Node 24, where the SDK emits no Node-version warning; this machine may not.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Loads `file` in a fresh `node` process with the given flags (e.g. `--enable-source-maps`,
 * which the stack sets through NODE_OPTIONS) and environment, and returns what the loader saw.
 */
export function loadOnce(
  file: string,
  options: { flags: readonly string[]; env: Record<string, string>; expectHandler: boolean },
): LoadSample {
  return parseLoaderOutput(
    execFileSync(process.execPath, [...options.flags, ...loaderArgs(file, options.expectHandler)], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    }),
  );
}

/** The arguments that run the loader on a file. */
export function loaderArgs(file: string, expectHandler: boolean): string[] {
  return ['--input-type=module', '-e', LOADER, file, expectHandler ? 'handler' : 'any'];
}

/** The loader's result; the module may log at load, the loader's JSON is written last. */
export function parseLoaderOutput(output: string): LoadSample {
  return JSON.parse(output.slice(output.lastIndexOf('{"ms"'))) as LoadSample;
}
