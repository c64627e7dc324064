import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SeenRequest } from './fake-aws.js';
import type { BenchInput } from './inputs.js';
import type { DynamoDbWrite } from './write-census.js';

/** One overhead scenario: an ingest path, an input frame, and how many frames to send. */
export interface ScenarioSpec {
  id: string;
  path: 'api' | 's3';
  input: BenchInput['id'];
  /** Whether each POST carries an Idempotency-Key (then api-ingest hashes the image). */
  idempotencyKey: boolean;
  warmup: number;
  iterations: number;
  /** Extra environment for a reference variant that differs from the deployed configuration. */
  env?: Record<string, string>;
  /** What a reference variant changes, and why it is measured. */
  reference?: string;
}

/** What a scenario process measured; durations in milliseconds, memory in kilobytes. */
export interface ScenarioResult {
  spec: ScenarioSpec;
  handlerMs: number[];
  floorMs: number[];
  /** RSS once modules and inputs are loaded, before the first frame; and the process's peak. */
  rssKb: { start: number; peak: number };
  /** Frames sent: warm-up, timed and the census frame. */
  frames: number;
  /** AWS requests by `service.operation` over all frames. */
  requests: Record<string, number>;
  /** The census frame: each request's size, and each DynamoDB write. */
  census: {
    requests: Omit<SeenRequest, 'body'>[];
    writes: DynamoDbWrite[];
    outcome: { status: string; persons: number; alert: boolean };
  };
  /** The timed loop's start and end on the monotonic clock, in microseconds (as CPU profiles). */
  windowUs: { start: number; end: number };
}

const CHILD = fileURLToPath(new URL('./overhead-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment the stack gives both ingest functions (lib/ppe-function.ts), nothing else. */
const CHILD_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'ppe-detection',
  POWERTOOLS_METRICS_NAMESPACE: 'PpeDetection',
  // Lambda runs Node 24, where the SDK emits no Node-version warning; this machine runs Node 20.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Runs a scenario in a fresh Node process (so that its peak RSS is its own), optionally under
 * `--cpu-prof`. The child's stdout (Powertools EMF and logs) goes to /dev/null, as it would go
 * to CloudWatch; its stderr is passed through.
 */
export function runScenario(
  spec: ScenarioSpec,
  profile?: { dir: string; name: string },
): Promise<ScenarioResult> {
  const profileFlags = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}`]
    : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...profileFlags, CHILD, JSON.stringify(spec)],
    {
      cwd: ROOT,
      env: { ...CHILD_ENV, ...spec.env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    let result: ScenarioResult | undefined;
    child.on('message', (message) => {
      result = message as ScenarioResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`Scenario ${spec.id} failed (exit code ${code})`));
    });
  });
}
