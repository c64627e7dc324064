/**
 * The S3 path against a Rekognition quota, as deployed: a burst of uploads through the local
 * runtime with the stack's queue settings (batch size, maximum concurrency, the visibility
 * timeout, the DLQ after 5 receives), one worker thread per Lambda container, each paced at
 * rekognitionTps / s3MaxConcurrency, against a detector stand-in that allows rekognitionTps calls
 * per second (the default quota, 5), answers in 200 ms and throttles beyond its quota.
 *
 * Usage: npx tsx bench/quota-drain.ts [uploads, default 500]  (writes bench/results/quota-drain.json)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig, s3DetectorCallsPerSecond } from '../lib/config.js';
import { DEFAULT_MAX_RECEIVE_COUNT, queueVisibilityTimeout } from '../lib/ingest-bucket.js';
import { S3_INGEST_TIMEOUT } from '../lib/ppe-detection-stack.js';
import { startLocalRuntime } from '../local/start-local-runtime.js';
import { s3ClientFor } from '../test/e2e/support/local-runtime.js';
import { FRAMES, replayDirFor } from './support/frames.js';
import { machine, RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';
import { ContainerPool } from './support/quota-containers.js';
import { quantile } from './support/stats.js';

const images = Number(process.argv[2] ?? 500);
const stack = loadConfig(() => undefined);
const quota = stack.rekognitionTps;
const latencyMs = 200;
const callsPerSecond = s3DetectorCallsPerSecond(stack);
const visibilityTimeoutMs = queueVisibilityTimeout(S3_INGEST_TIMEOUT).toMilliseconds();
/** Idle time left unskipped before invisible messages reappear. */
const SKIP_MARGIN_MS = 5_000;
const DEADLINE_MS = 40 * 60_000;
const CAMERA = 'cam-quota';

const host = machine();
const image = readFileSync(FRAMES['camera-720p'].file);
const replayDir = await replayDirFor([image]);
let pool: ContainerPool | undefined;
const runtime = await startLocalRuntime({
  port: 0,
  s3Port: 0,
  consolePort: false,
  logLevel: 'SILENT',
  log: () => {},
  replayDir,
  replayCallsPerSecond: quota,
  replayLatencyMs: latencyMs,
  s3IngestConsumer: (event) => {
    if (!pool) throw new Error('No containers are running');
    return pool.consume(event);
  },
  queue: {
    batchSize: stack.s3BatchSize,
    maxConcurrency: stack.s3MaxConcurrency,
    maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
    // SQS makes a failed message visible again after the fixed visibility timeout.
    visibilityTimeoutMs,
    backoffMultiplier: 1,
    maxVisibilityTimeoutMs: visibilityTimeoutMs,
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The burst's frames stored in the table with their result. */
async function storedFrames(): Promise<number> {
  const { dynamodb } = runtime.urls;
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  const client = new DynamoDBClient({ endpoint: dynamodb, region: runtime.region, credentials });
  let count = 0;
  const pages = paginateScan(
    { client },
    {
      TableName: runtime.tableName,
      Select: 'COUNT',
      FilterExpression: 'sk = :frame AND cameraId = :camera AND #state = :done',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':frame': { S: 'FRAME' },
        ':camera': { S: CAMERA },
        ':done': { S: 'DONE' },
      },
    },
  );
  for await (const page of pages) count += page.Count ?? 0;
  client.destroy();
  return count;
}

/** Uploads the burst, waits until the queue is empty, and counts what became of every upload. */
async function drain(pool: ContainerPool) {
  process.stderr.write(
    `quota-drain: ${images} uploads at once, ${stack.s3MaxConcurrency} containers\n`,
  );
  const started = performance.now();
  let skippedMs = 0;
  const s3 = s3ClientFor(runtime);
  const put = (n: number) =>
    new PutObjectCommand({
      Bucket: runtime.bucket,
      Key: `incoming/${CAMERA}/frame-${n}.jpg`,
      Body: image,
      ContentType: 'image/jpeg',
    });
  const uploads = Promise.all(Array.from({ length: images }, (_, n) => s3.send(put(n))));
  let uploaded = false;
  void uploads.then(() => {
    uploaded = true;
  });
  const elapsed = () => performance.now() - started + skippedMs;
  for (;;) {
    await sleep(50);
    const queue = runtime.queueStats();
    if (uploaded && queue.waiting + queue.inFlight === 0 && queue.received >= images) break;
    if (elapsed() > DEADLINE_MS) break;
    // Nothing in flight and every waiting message invisible: skip the wait but for its last 5 s.
    if (uploaded) skippedMs += runtime.skipIdleQueueWait(SKIP_MARGIN_MS);
  }
  await uploads;
  s3.destroy();
  const seconds = elapsed() / 1000;
  const detector = runtime.detectorStats() ?? { calls: 0, answered: 0, throttled: 0, errors: 0 };
  const queue = runtime.queueStats();
  const stored = await storedFrames();
  const invocations = pool.invocations.filter((call) => call.records > 0);
  const spread = (values: number[]) => [0.5, 0.9].map((q) => Math.round(quantile(values, q)));
  const [invocationP50, invocationP90] = spread(invocations.map((call) => call.durationMs));
  const [frameP50, frameP90] = spread(invocations.map((call) => call.durationMs / call.records));
  return {
    benchmark: 'quota-drain',
    machine: host,
    drainSeconds: Number(seconds.toFixed(1)),
    skippedIdleSeconds: Number((skippedMs / 1000).toFixed(1)),
    drained: queue.waiting + queue.inFlight === 0,
    successfulCallsPerSecond: Number((detector.answered / seconds).toFixed(2)),
    percentOfQuota: Number(((100 * detector.answered) / seconds / quota).toFixed(1)),
    throttledCalls: detector.throttled,
    stored,
    lost: images - stored,
    // The detector answered more analyses than there were uploads: some were paid twice.
    duplicateDetections: Math.max(0, detector.answered - images),
    dlq: queue.deadLettered,
    handedBack: invocations.reduce((sum, call) => sum + call.failures, 0),
    invocationMs: { p50: invocationP50, p90: invocationP90 },
    frameMs: { p50: frameP50, p90: frameP90 },
  };
}

let report: Awaited<ReturnType<typeof drain>>;
try {
  pool = await ContainerPool.start(stack.s3MaxConcurrency, {
    DETECTOR_CALLS_PER_SECOND: String(callsPerSecond),
  });
  report = await drain(pool);
} finally {
  await pool?.stop();
  await runtime.stop();
  rmSync(replayDir, { recursive: true, force: true });
}

mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'quota-drain.json'), `${JSON.stringify(report, null, 2)}\n`);
const r = report;
const rows: (string | number)[][] = [
  ['drain s (of which idle waits skipped)', `${r.drainSeconds} (${r.skippedIdleSeconds})`],
  ['drained', r.drained ? 'yes' : 'no'],
  ['successful calls/s (% of the quota)', `${r.successfulCallsPerSecond} (${r.percentOfQuota}%)`],
  ['throttled calls', r.throttledCalls],
  ['uploads stored / lost', `${r.stored} / ${r.lost}`],
  ['analyses paid twice', r.duplicateDetections],
  ['in the DLQ / handed back', `${r.dlq} / ${r.handedBack}`],
  ['invocation ms p50 / p90', `${r.invocationMs.p50} / ${r.invocationMs.p90}`],
  ['billed ms per frame p50 / p90 (pacing waits included)', `${r.frameMs.p50} / ${r.frameMs.p90}`],
];
console.log(
  [
    `Load average at start: ${host.loadAverage1m}. ${images} uploads at once under incoming/; a detector stand-in allowing ${quota} calls/s and answering in ${latencyMs} ms; the stack's defaults: batches of ${stack.s3BatchSize}, at most ${stack.s3MaxConcurrency} containers, each paced at ${callsPerSecond} calls/s, visibility timeout ${visibilityTimeoutMs / 1000} s, the DLQ after ${DEFAULT_MAX_RECEIVE_COUNT} receives. Each container is a worker thread with its own instance of the s3-ingest entry (its own Rekognition client and pacer); DynamoDB and S3 are dynalite and s3rver in this process. Time is real; an idle wait for the visibility timeout would be skipped but for its last 5 s (counted in the drain time).`,
    '',
    markdownTable(['measure', 'value'], rows),
    '',
    'Wrote bench/results/quota-drain.json.',
  ].join('\n'),
);
