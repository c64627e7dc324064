/**
 * Part 1 of issue 4: the per-frame overhead of our own code on the API and S3 ingest paths.
 * The real handlers run in-process with real AWS SDK clients whose HTTP layer answers at once,
 * beside the floor (parsing the request body and decoding the image, nothing else) measured in
 * the same loop. Writes bench/results/overhead.json and bench/results/requests-per-frame.json.
 *
 * Usage: npx tsx bench/overhead.ts [--no-profile]
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { summariseProfile } from './support/cpu-profile.js';
import { CAMERA_FRAME, FIXTURE_FRAME } from './support/inputs.js';
import { machine, REPO_ROOT, RESULTS_DIR } from './support/machine.js';
import {
  GOAL_RATIO,
  printProfiles,
  printRequests,
  printResults,
  requestsPerFrame,
  scenarioFigures,
} from './support/overhead-report.js';
import { runScenario, type ScenarioSpec } from './support/overhead-scenario.js';

const PROFILES_DIR = join(RESULTS_DIR, 'profiles');
const small = { warmup: 30, iterations: 200 };
const large = { warmup: 10, iterations: 100 };

/** Both paths, both inputs; the API path also with an Idempotency-Key (it hashes the image). */
const SCENARIOS: ScenarioSpec[] = [
  { id: 'api/camera-720p', path: 'api', input: 'camera-720p', idempotencyKey: false, ...small },
  { id: 'api/camera-720p/key', path: 'api', input: 'camera-720p', idempotencyKey: true, ...small },
  { id: 'api/fixture-1280p', path: 'api', input: 'fixture-1280p', idempotencyKey: false, ...large },
  {
    id: 'api/fixture-1280p/key',
    path: 'api',
    input: 'fixture-1280p',
    idempotencyKey: true,
    ...large,
  },
  { id: 's3/camera-720p', path: 's3', input: 'camera-720p', idempotencyKey: false, ...small },
  { id: 's3/fixture-1280p', path: 's3', input: 'fixture-1280p', idempotencyKey: false, ...large },
  {
    id: 's3/camera-720p/xray-manual-mode',
    path: 's3',
    input: 'camera-720p',
    idempotencyKey: false,
    ...small,
    env: { AWS_XRAY_MANUAL_MODE: '1' },
    reference:
      'AWS_XRAY_MANUAL_MODE=1: the X-Ray SDK that Powertools Tracer imports installs no cls-hooked async hook, ' +
      'to show what that hook costs every promise (not the deployed configuration)',
  },
];

const profile = !process.argv.includes('--no-profile');
mkdirSync(PROFILES_DIR, { recursive: true });
const inputs = [CAMERA_FRAME, FIXTURE_FRAME].map((input) => {
  const bytes = statSync(input.path).size;
  return {
    id: input.id,
    description: input.description,
    file: relative(REPO_ROOT, input.path),
    width: input.width,
    height: input.height,
    bytes,
    base64Chars: Math.ceil(bytes / 3) * 4,
  };
});

const started = performance.now();
const scenarios = [];
for (const spec of SCENARIOS) {
  process.stderr.write(
    `overhead: ${spec.id} (${spec.warmup} warm-up + ${spec.iterations} frames)\n`,
  );
  const result = await runScenario(spec);
  const figures = scenarioFigures(result);
  let profileSummary: ReturnType<typeof summariseProfile> | undefined;
  if (profile && !spec.reference && figures.ratioP50 > GOAL_RATIO) {
    const name = `overhead-${spec.id.replaceAll('/', '-')}.cpuprofile`;
    process.stderr.write(`overhead: ${spec.id} above the goal: profiling (--cpu-prof)\n`);
    const profiled = await runScenario(spec, { dir: PROFILES_DIR, name });
    const summary = summariseProfile(join(PROFILES_DIR, name), profiled.windowUs);
    profileSummary = { ...summary, file: relative(REPO_ROOT, summary.file) };
  }
  scenarios.push({ result, figures, profile: profileSummary });
}

const overhead = {
  benchmark: 'overhead',
  generatedAt: new Date().toISOString(),
  machine: machine(),
  durationSeconds: Math.round((performance.now() - started) / 1000),
  method: {
    handlers:
      'api-ingest (makeApiIngestHandler) and s3-ingest (makeS3IngestHandler) wired as lambda/functions/ wires them, ' +
      'wrapped in Powertools instrument(); real AWS SDK v3 clients (Rekognition, DynamoDB document client, S3) with ' +
      'dummy credentials and a request handler that answers at once with canned responses. X-Ray is off (not in Lambda).',
    floor: {
      api: 'JSON.parse of the POST body and base64-decoding its image field',
      s3: 'JSON.parse of the SQS message body carrying the S3 event (there is no image to decode on this path)',
    },
    loop:
      'one fresh Node process per scenario; sequential frames on one thread; warm-up frames first; each timed ' +
      'frame runs the floor, then the handler, on the same event',
    latency:
      'handler wall time per frame (one SQS message with one S3 record per invocation on the S3 path)',
    framesPerSecond: 'timed frames / summed handler time (one core)',
    rss: 'start: RSS after modules and inputs load; peak: process.resourceUsage().maxRSS, floor loop included',
  },
  units: {
    latency: 'ms',
    rss: 'MB',
    framesPerSecond: 'frames/s',
    ratio: 'handler p50 / floor p50',
  },
  goal: { maxRatioP50: GOAL_RATIO },
  inputs,
  scenarios: scenarios.map(({ result, figures, profile }) => ({
    ...result.spec,
    ...figures,
    ...(profile ? { profile } : {}),
  })),
};
const requests = requestsPerFrame(scenarios.map(({ result }) => result));
writeFileSync(join(RESULTS_DIR, 'overhead.json'), `${JSON.stringify(overhead, null, 2)}\n`);
writeFileSync(
  join(RESULTS_DIR, 'requests-per-frame.json'),
  `${JSON.stringify(requests, null, 2)}\n`,
);

printResults(overhead.machine, inputs, overhead.scenarios);
printProfiles(scenarios);
printRequests(requests);
console.log(
  `\nWrote bench/results/overhead.json and bench/results/requests-per-frame.json in ${overhead.durationSeconds} s.`,
);
