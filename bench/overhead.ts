/**
 * Per-frame overhead of our own code on the API and S3 ingest paths, and the AWS requests and
 * DynamoDB write units of a frame (which bench/cost.ts prices). The production entries run in a
 * child process against the local runtime's stand-ins (dynalite, s3rver, the replay detector,
 * answering at once), which run here: the child's CPU time per frame is our code and the AWS
 * SDK's, not the stand-ins'. Beside it, the floor: parsing the body and decoding the image.
 *
 * Usage: npx tsx bench/overhead.ts   (writes bench/results/overhead.json)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalRuntime } from '../local/start-local-runtime.js';
import { s3ClientFor } from '../test/e2e/support/local-runtime.js';
import { FRAMES, type FrameName, replayDirFor } from './support/frames.js';
import { machine, REPO_ROOT, RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';
import type { OverheadResult, OverheadSpec } from './support/overhead-child.js';
import { quantile, round } from './support/stats.js';

/** The scenarios: both paths with the camera frame, the API path also with the 2.5 MB fixture. */
const SCENARIOS: { path: OverheadSpec['path']; frame: FrameName; iterations: number }[] = [
  { path: 'api', frame: 'camera-720p', iterations: 200 },
  { path: 'api', frame: 'fixture-1280p', iterations: 100 },
  { path: 's3', frame: 'camera-720p', iterations: 200 },
];
const WARMUP = 20;
const CHILD = join(REPO_ROOT, 'bench/support/overhead-child.ts');

const started = performance.now();
const host = machine();
mkdirSync(RESULTS_DIR, { recursive: true });
const images = Object.values(FRAMES).map((frame) => readFileSync(frame.file));
const replayDir = await replayDirFor(images);
const runtime = await startLocalRuntime({
  port: 0,
  s3Port: 0,
  consolePort: false,
  logLevel: 'SILENT',
  log: () => {},
  replayDir,
  // The S3 path's frames are sent by the child; the queue's copies are dropped.
  s3IngestConsumer: async () => ({ batchItemFailures: [] }),
});

/** Uploads one copy of the frame per S3-path frame, with the metadata a camera sends. */
async function upload(frame: FrameName, count: number): Promise<OverheadSpec['objects']> {
  const s3 = s3ClientFor(runtime);
  const Body = readFileSync(FRAMES[frame].file);
  const Metadata = { 'camera-id': 'cam-01', location: 'plant-3/line-2' };
  const keys = Array.from({ length: count }, (_, n) => `incoming/cam-01/${frame}-${n}.jpg`);
  const puts = keys.map(
    (Key) => new PutObjectCommand({ Bucket: runtime.bucket, Key, Body, Metadata }),
  );
  const answers = await Promise.all(puts.map((put) => s3.send(put)));
  s3.destroy();
  // S3 events carry the ETag without its quotes.
  return answers.map(({ ETag = '' }, n) => ({
    key: keys[n] ?? '',
    eTag: ETag.replaceAll('"', ''),
  }));
}

/** Runs a scenario in a fresh Node process with the functions' environment; what it measured. */
async function runChild(spec: Omit<OverheadSpec, 'out'>): Promise<OverheadResult> {
  const out = join(RESULTS_DIR, `overhead-${process.pid}.json`);
  // As deployed: Powertools' default log level and its metrics (stdout, dropped as if to CloudWatch).
  const deployed = { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' };
  const env = { ...process.env, ...deployed, DETECTOR_CALLS_PER_SECOND: '1000' };
  const args = ['--import', 'tsx', CHILD, JSON.stringify({ ...spec, out })];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${spec.path}/${spec.frame} failed with exit code ${code}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as OverheadResult;
  rmSync(out);
  return result;
}

const scenarios = [];
try {
  for (const { path, frame, iterations } of SCENARIOS) {
    process.stderr.write(`overhead: ${path}/${frame} (${WARMUP} warm-up + ${iterations} frames)\n`);
    const objects = path === 's3' ? await upload(frame, WARMUP + iterations + 1) : [];
    const spec = { path, frame, warmup: WARMUP, iterations, bucket: runtime.bucket, objects };
    const result = await runChild(spec);
    const p = (values: number[], q: number) => round(quantile(values, q));
    scenarios.push({
      id: `${path}/${frame}`,
      path,
      frame,
      frames: iterations,
      cpuMs: { p50: p(result.cpuMs, 0.5), p99: p(result.cpuMs, 0.99) },
      floorCpuMs: { p50: p(result.floorCpuMs, 0.5), p99: p(result.floorCpuMs, 0.99) },
      requestsPerFrame: Object.fromEntries(
        Object.entries(result.requests).map(([key, count]) => [key, round(count / result.frames)]),
      ),
      writes: result.writes,
      writeUnitsPerFrame: result.writes.reduce((sum, write) => sum + write.writeUnits, 0),
    });
  }
} finally {
  await runtime.stop();
  rmSync(replayDir, { recursive: true, force: true });
}

const durationSeconds = Math.round((performance.now() - started) / 1000);
writeFileSync(
  join(RESULTS_DIR, 'overhead.json'),
  `${JSON.stringify({ benchmark: 'overhead', machine: host, durationSeconds, scenarios }, null, 2)}\n`,
);

const operations = [...new Set(scenarios.flatMap((s) => Object.keys(s.requestsPerFrame)))].sort();
console.log(
  [
    `Load average at start: ${host.loadAverage1m}. CPU time of the function's process per frame (user + system), sequential frames after ${WARMUP} warm-up frames; the floor is JSON.parse of the body plus base64-decoding the image (API path) or JSON.parse of the SQS body (S3 path, where no image reaches the function).`,
    '',
    markdownTable(
      ['scenario', 'frame', 'frames', 'CPU ms p50', 'CPU ms p99', 'floor ms p50', 'p50 / floor'],
      scenarios.map((s) => [
        s.id,
        FRAMES[s.frame].size,
        s.frames,
        s.cpuMs.p50,
        s.cpuMs.p99,
        s.floorCpuMs.p50,
        round(s.cpuMs.p50 / s.floorCpuMs.p50),
      ]),
    ),
    '',
    'AWS requests per frame (counted by aws-sdk-client-mock spies that call through) and DynamoDB write units:',
    '',
    markdownTable(
      ['scenario', ...operations, 'write units'],
      scenarios.map((s) => [
        s.id,
        ...operations.map((op) => s.requestsPerFrame[op] ?? 0),
        s.writeUnitsPerFrame,
      ]),
    ),
    '',
    `The writes of one frame (${scenarios[0]?.id}), sized by DynamoDB's rules (1 unit per started KB, twice for a transaction):`,
    '',
    markdownTable(
      ['record', 'operation', 'bytes', 'write units'],
      (scenarios[0]?.writes ?? []).map((w) => [w.record, w.operation, w.bytes, w.writeUnits]),
    ),
    '',
    `Wrote bench/results/overhead.json in ${durationSeconds} s.`,
  ].join('\n'),
);
