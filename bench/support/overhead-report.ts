import type { ProfileSummary } from './cpu-profile.js';
import { markdownTable } from './markdown.js';
import type { ScenarioResult, ScenarioSpec } from './overhead-scenario.js';
import { round, summarise } from './stats.js';

/** The goal of issue 4: the handler's p50 at most this many times the floor's p50. */
export const GOAL_RATIO = 3;

const mb = (kb: number) => round(kb / 1024);

/** The figures of one scenario: latency and floor in ms, throughput, ratio, RSS in MB. */
export function scenarioFigures(result: ScenarioResult) {
  const handler = summarise(result.handlerMs);
  const floor = summarise(result.floorMs);
  const ratioP50 = round(handler.p50 / floor.p50);
  return {
    handler: {
      p50Ms: round(handler.p50),
      p99Ms: round(handler.p99),
      meanMs: round(handler.mean),
      minMs: round(handler.min),
      maxMs: round(handler.max),
    },
    floor: { p50Ms: round(floor.p50), p99Ms: round(floor.p99), meanMs: round(floor.mean) },
    framesPerSecond: round(1000 / handler.mean),
    ratioP50,
    meetsGoal: ratioP50 <= GOAL_RATIO,
    rssMb: { start: mb(result.rssKb.start), peak: mb(result.rssKb.peak) },
  };
}

type Figures = ReturnType<typeof scenarioFigures>;

/** AWS requests and DynamoDB writes per frame, per scenario, for the cost model (issue 4, part 4). */
export function requestsPerFrame(results: readonly ScenarioResult[]) {
  return {
    benchmark: 'requests-per-frame',
    generatedAt: new Date().toISOString(),
    source:
      'bench/overhead.ts: counted by the fake AWS HTTP layer over every frame of each scenario',
    notes: [
      'requestsPerFrame: AWS requests by service.operation, averaged over all frames of the scenario (warm-up included).',
      'A successful frame; no retries (the fake never throttles); X-Ray segments are not counted.',
      'requestBytes: serialized request body of the census frame, before HTTP framing and TLS.',
      'DynamoDB item sizes follow the Developer Guide ("DynamoDB item sizes and formats"); 1 write unit per started KB ' +
        'per item, 2x for TransactWriteItems. The hourly-statistics update is estimated as the item it leaves ' +
        '(DynamoDB bills the larger of before and after; the item grows by one counter per new equipment type missing).',
      'The alert path (alert-publisher: SNS Publish and its DynamoDB transaction) is not exercised: these frames raise no alert.',
    ],
    scenarios: results.map((result) => {
      const { spec, census } = result;
      const writes = census.writes;
      return {
        id: spec.id,
        path: spec.path,
        input: spec.input,
        idempotencyKey: spec.idempotencyKey,
        frames: result.frames,
        frameOutcome: census.outcome,
        requestsPerFrame: Object.fromEntries(
          Object.entries(result.requests).map(([key, count]) => [
            key,
            round(count / result.frames),
          ]),
        ),
        requestBytes: census.requests.map(({ service, operation, bodyBytes }) => ({
          request: `${service}.${operation}`,
          bytes: bodyBytes,
        })),
        dynamodb: {
          writes,
          writeUnitsPerFrame: writes.reduce((sum, write) => sum + write.writeUnits, 0),
          itemsWrittenPerFrame: writes.length,
        },
      };
    }),
  };
}

type Requests = ReturnType<typeof requestsPerFrame>;

/** Prints the latency table, every figure beside its floor. */
export function printResults(
  machine: Record<string, unknown>,
  inputs: readonly { id: string; file: string; width: number; height: number; bytes: number }[],
  scenarios: readonly (ScenarioSpec & Figures)[],
) {
  console.log(
    `\n## Per-frame overhead (${machine.cpu}, ${machine.cores} cores, Node ${machine.node})\n`,
  );
  console.log(
    markdownTable(
      ['input', 'file', 'size'],
      inputs.map((input) => [
        input.id,
        input.file,
        `${input.width}x${input.height}, ${input.bytes} bytes`,
      ]),
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      [
        'scenario',
        'frames',
        'frames/s',
        'p50 ms',
        'p99 ms',
        'floor p50 ms',
        'floor p99 ms',
        'p50 / floor',
        `goal <= ${GOAL_RATIO}x`,
        'RSS start MB',
        'peak RSS MB',
      ],
      scenarios.map((s) => [
        s.id,
        s.iterations,
        s.framesPerSecond,
        s.handler.p50Ms,
        s.handler.p99Ms,
        s.floor.p50Ms,
        s.floor.p99Ms,
        s.ratioP50,
        s.reference ? 'reference' : s.meetsGoal ? 'met' : 'missed',
        s.rssMb.start,
        s.rssMb.peak,
      ]),
    ),
  );
  console.log(
    '\nFloor: API path, JSON.parse of the POST body + base64-decoding the image; S3 path, JSON.parse of the ' +
      'SQS body with the S3 event (no image reaches the function on that path).',
  );
  for (const s of scenarios) if (s.reference) console.log(`Reference ${s.id}: ${s.reference}.`);
}

/** Prints where the time goes in each profiled scenario. */
export function printProfiles(
  scenarios: readonly { result: ScenarioResult; profile?: ProfileSummary | undefined }[],
) {
  for (const { result, profile } of scenarios) {
    if (!profile) continue;
    console.log(
      `\n### Profile of ${result.spec.id} (${profile.file}, ${profile.sampledMs} ms sampled)\n`,
    );
    console.log(
      markdownTable(
        ['owner (native and Node-internal time counts for its JS caller)', 'ms', '%'],
        profile.byOwner.map((row) => [row.owner, row.ms, row.share]),
      ),
    );
    console.log('');
    console.log(
      markdownTable(
        ['top self time', 'where', '%'],
        profile.topSelf.slice(0, 10).map((row) => [row.function, row.location, row.share]),
      ),
    );
  }
}

/** Prints the AWS requests and DynamoDB writes per frame. */
export function printRequests(requests: Requests) {
  const operations = [
    ...new Set(requests.scenarios.flatMap((s) => Object.keys(s.requestsPerFrame))),
  ].sort();
  console.log('\n## AWS requests per frame\n');
  console.log(
    markdownTable(
      ['scenario', ...operations, 'DynamoDB WCU'],
      requests.scenarios.map((s) => [
        s.id,
        ...operations.map((op) => s.requestsPerFrame[op] ?? 0),
        s.dynamodb.writeUnitsPerFrame,
      ]),
    ),
  );
  for (const path of ['api', 's3']) {
    const scenario = requests.scenarios.find((s) => s.path === path);
    if (!scenario) continue;
    console.log(
      `\nDynamoDB writes of one frame, ${scenario.id} (${scenario.frameOutcome.status}, ${scenario.frameOutcome.persons} persons):\n`,
    );
    console.log(
      markdownTable(
        ['record', 'operation', 'bytes', 'transactional', 'WCU'],
        scenario.dynamodb.writes.map((w) => [
          w.record,
          w.operation,
          w.bytes,
          w.transactional ? 'yes' : 'no',
          w.writeUnits,
        ]),
      ),
    );
  }
}
