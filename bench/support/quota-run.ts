import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { s3ClientFor } from '../../test/e2e/support/local-runtime.js';
import { ContainerPool, type Invocation } from './quota-containers.js';
import type { ClientCalls } from './quota-detector-tap.js';
import { countOutcomes, type Outcomes } from './quota-outcomes.js';

/** A run to make: its name, the design, and the s3-ingest environment that selects it. */
export interface DrainConfig {
  name: string;
  design: string;
  description: string;
  env: Record<string, string>;
}

/** The burst and the cloud it runs against. */
export interface DrainSettings {
  images: number;
  /** The detector's quota, calls per second. */
  quota: number;
  batchSize: number;
  maxConcurrency: number;
  /** Idle time left unskipped before invisible messages reappear (see skipIdleQueueWait). */
  skipMarginMs: number;
  /** Gives up (and reports what is left) after this much simulated time. */
  deadlineMs: number;
}

/** Median and 90th percentile, in ms. */
export interface Spread {
  median: number;
  p90: number;
}

/** What one configuration achieved on one burst. */
export interface DrainResult extends Outcomes {
  config: string;
  design: string;
  description: string;
  /** The 1-minute load average of the machine when the run started (other work on it). */
  loadAverageAtStart: number;
  images: number;
  batchSize: number;
  maxConcurrency: number;
  drainSeconds: number;
  /** Simulated: idle waits for the visibility timeout that were skipped, not waited out. */
  fastForwardedSeconds: number;
  successfulCallsPerSecond: number;
  attemptedCallsPerSecond: number;
  percentOfQuota: number;
  throttledCalls: number;
  dlqEntries: number;
  /** Receives beyond the first of each message: redeliveries after a failure or a hand-back. */
  redeliveries: number;
  /** Messages the handler handed back to the queue (batch item failures). */
  handedBack: number;
  invocations: number;
  invocationMs: Spread;
  frameMs: Spread;
  clients: ClientCalls[];
  drained: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: Math.round(at(0.5)), p90: Math.round(at(0.9)) };
}

/** The s3-ingest handler's frame id for an object version (bucket, key, ETag). */
function frameIdOf(bucket: string, key: string, eTag: string): string {
  const version = eTag.replace(/"/g, '');
  const hash = createHash('sha256').update(`${bucket}/${key}#${version}`).digest('hex');
  return `s3-${hash.slice(0, 32)}`;
}

/** Puts `count` copies of `image` under `incoming/<cameraId>/`, all at once; frame ids by key. */
async function uploadBurst(runtime: LocalRuntime, cameraId: string, image: Buffer, count: number) {
  const s3 = s3ClientFor(runtime);
  try {
    const keys = Array.from({ length: count }, (_, n) => `incoming/${cameraId}/frame-${n}.png`);
    const frames = await Promise.all(
      keys.map(async (key) => {
        const put = new PutObjectCommand({
          Bucket: runtime.bucket,
          Key: key,
          Body: image,
          ContentType: 'image/png',
        });
        const { ETag = '' } = await s3.send(put);
        return [key, frameIdOf(runtime.bucket, key, ETag)] as const;
      }),
    );
    return new Map(frames);
  } finally {
    s3.destroy();
  }
}

/** Uploads the burst, then waits until every message is done, skipping idle visibility waits. */
async function burstAndDrain(
  runtime: LocalRuntime,
  cameraId: string,
  settings: DrainSettings,
  image: Buffer,
): Promise<{ uploads: Map<string, string>; drainMs: number; skippedMs: number }> {
  const receivedBefore = runtime.queueStats().received;
  const started = performance.now();
  let skippedMs = 0;
  let uploads: Map<string, string> | undefined;
  let uploadFailure: unknown;
  const uploading = uploadBurst(runtime, cameraId, image, settings.images).then(
    (done) => {
      uploads = done;
    },
    (error: unknown) => {
      uploadFailure = error ?? new Error('The uploads failed');
    },
  );
  const elapsed = () => performance.now() - started + skippedMs;
  for (;;) {
    await sleep(50);
    if (uploadFailure) throw uploadFailure;
    const queue = runtime.queueStats();
    const busy = queue.waiting + queue.inFlight;
    if (uploads && busy === 0 && queue.received - receivedBefore >= settings.images) break;
    if (elapsed() > settings.deadlineMs) break;
    if (uploads) skippedMs += runtime.skipIdleQueueWait(settings.skipMarginMs);
  }
  const drainMs = elapsed();
  await uploading;
  return { uploads: uploads ?? new Map(), drainMs, skippedMs };
}

/**
 * Runs one configuration: warm containers with its environment, a burst of uploads, then waits
 * until the queue is empty (skipping idle visibility waits) and counts what happened.
 */
export async function runDrain(
  runtime: LocalRuntime,
  route: (pool: ContainerPool) => void,
  config: DrainConfig,
  settings: DrainSettings,
  image: Buffer,
): Promise<DrainResult> {
  const successesByKey = new Map<string, number>();
  const pool = await ContainerPool.start({
    size: settings.maxConcurrency,
    env: config.env,
    region: runtime.region,
    detectorUrl: runtime.urls.rekognition ?? '',
    successesByKey,
  });
  try {
    route(pool);
    runtime.setDetectorQuota(settings.quota);
    const detectorBefore = runtime.detectorStats() ?? { calls: 0, answered: 0, throttled: 0 };
    const queueBefore = runtime.queueStats();
    const cameraId = `cam-${config.name.replace(/[^A-Za-z0-9._-]/g, '-')}`;
    const loadAverageAtStart = round(loadavg()[0] ?? 0, 2);

    const { uploads, drainMs, skippedMs } = await burstAndDrain(runtime, cameraId, settings, image);

    const detector = runtime.detectorStats() ?? detectorBefore;
    const queue = runtime.queueStats();
    const outcomes = await countOutcomes(runtime, cameraId, uploads, successesByKey);
    const invocations: Invocation[] = pool.invocations.filter((call) => call.records > 0);
    const seconds = drainMs / 1000;
    const answered = detector.answered - detectorBefore.answered;
    return {
      config: config.name,
      design: config.design,
      description: config.description,
      loadAverageAtStart,
      images: settings.images,
      batchSize: settings.batchSize,
      maxConcurrency: settings.maxConcurrency,
      drainSeconds: round(seconds, 1),
      fastForwardedSeconds: round(skippedMs / 1000, 1),
      successfulCallsPerSecond: round(answered / seconds, 2),
      attemptedCallsPerSecond: round((detector.calls - detectorBefore.calls) / seconds, 2),
      percentOfQuota: round((100 * answered) / seconds / settings.quota, 1),
      throttledCalls: detector.throttled - detectorBefore.throttled,
      dlqEntries: queue.deadLettered - queueBefore.deadLettered,
      redeliveries: queue.received - queueBefore.received - settings.images,
      handedBack: invocations.reduce((sum, call) => sum + call.failures, 0),
      invocations: invocations.length,
      invocationMs: spread(invocations.map((call) => call.durationMs)),
      frameMs: spread(invocations.map((call) => call.durationMs / call.records)),
      clients: pool.clientCalls(),
      drained: queue.waiting + queue.inFlight === 0,
      ...outcomes,
    };
  } finally {
    await pool.stop();
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
