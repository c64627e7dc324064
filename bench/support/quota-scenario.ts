import { rm } from 'node:fs/promises';
import { startLocalRuntime } from '../../local/start-local-runtime.js';
import type { ContainerPool } from './quota-containers.js';
import { cameraSizedPng, replayDirFor } from './quota-image.js';
import { type DrainConfig, type DrainResult, runDrain } from './quota-run.js';

/** One measured burst: a design, the concurrency it runs at, and how many uploads. */
export interface RunSpec {
  /** The name the results carry, e.g. `before`. */
  name: string;
  design: DesignName;
  maxConcurrency: number;
  images: number;
}

/** The queue and detector that the runs of one process share. */
export interface Scenario {
  /** Detector quota, calls per second. */
  quota: number;
  latencyMs: number;
  batchSize: number;
  maxConcurrency: number;
  maxReceiveCount: number;
  visibilityTimeoutMs: number;
  runs: RunSpec[];
}

/** Idle time left unskipped before invisible messages reappear. */
export const SKIP_MARGIN_MS = 5_000;

/** The image every upload carries: a camera-sized PNG (1280x720, about 200 KB). */
export const BENCH_IMAGE = cameraSizedPng();

/** The designs the benchmark can run. */
export type DesignName = 'unpaced' | 'paced';

/** A design's description and the s3-ingest environment that selects it. */
export function design(name: DesignName, quota: number, maxConcurrency: number): DrainConfig {
  return name === 'unpaced'
    ? {
        name,
        design: name,
        description: 'no pacing: each container calls Rekognition as fast as it can',
        // The pacer's ceiling: 1 ms between calls, never binding at these rates.
        env: { DETECTOR_CALLS_PER_SECOND: '1000' },
      }
    : {
        name,
        design: name,
        description: `each container paced at rekognitionTps / s3MaxConcurrency = ${quota} / ${maxConcurrency} calls/s`,
        env: { DETECTOR_CALLS_PER_SECOND: String(quota / maxConcurrency) },
      };
}

/**
 * Starts a local runtime with the deployed queue semantics for this scenario (a failed message
 * reappears after the fixed visibility timeout, without backoff) and makes each run on it, back
 * to back, on a fresh set of warm containers each.
 */
export async function runScenario(
  scenario: Scenario,
  progress: (line: string) => void,
): Promise<DrainResult[]> {
  const replayDir = await replayDirFor(BENCH_IMAGE);
  let pool: ContainerPool | undefined;
  const runtime = await startLocalRuntime({
    port: 0,
    s3Port: 0,
    logLevel: 'SILENT',
    log: () => {},
    alertPollIntervalMs: 1000,
    replayDir,
    replayCallsPerSecond: scenario.quota,
    replayLatencyMs: scenario.latencyMs,
    s3IngestConsumer: (event) => {
      if (!pool) throw new Error('No containers are running');
      return pool.consume(event);
    },
    queue: {
      batchSize: scenario.batchSize,
      maxConcurrency: scenario.maxConcurrency,
      maxReceiveCount: scenario.maxReceiveCount,
      visibilityTimeoutMs: scenario.visibilityTimeoutMs,
      backoffMultiplier: 1,
      maxVisibilityTimeoutMs: scenario.visibilityTimeoutMs,
    },
  });
  const results: DrainResult[] = [];
  try {
    for (const run of scenario.runs) {
      const label = `${run.name} (${run.design}, concurrency ${scenario.maxConcurrency})`;
      progress(`${label}: ${run.images} uploads at once...`);
      const config = design(run.design, scenario.quota, scenario.maxConcurrency);
      const result = await runDrain(
        runtime,
        (next) => {
          pool = next;
        },
        { ...config, name: run.name },
        {
          images: run.images,
          quota: scenario.quota,
          batchSize: scenario.batchSize,
          maxConcurrency: scenario.maxConcurrency,
          skipMarginMs: SKIP_MARGIN_MS,
          deadlineMs: 40 * 60_000,
        },
        BENCH_IMAGE,
      );
      progress(`${label}: drained in ${result.drainSeconds} s`);
      results.push(result);
    }
  } finally {
    await runtime.stop();
    await rm(replayDir, { recursive: true, force: true });
  }
  return results;
}
