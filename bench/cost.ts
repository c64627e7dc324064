import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICES } from './prices.js';
import { machine, RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';

/**
 * Cost per million frames, from what the other benchmarks counted and measured: AWS requests per
 * frame and DynamoDB write units (bench/overhead.ts, requests-per-frame.json), our own handler
 * time (overhead.json) and the S3 path's Lambda time under a quota (quota-drain.json), priced at
 * the list prices of bench/prices.ts. Run the others first: `npm run bench` does.
 */

type Census = {
  scenarios: {
    id: string;
    path: 'api' | 's3';
    requestsPerFrame: Record<string, number>;
    dynamodb: { writeUnitsPerFrame: number };
  }[];
};
type Overhead = { scenarios: { id: string; handler: { p50Ms: number } }[] };
type QuotaDrain = { results: { config: string; frameMs: { median: number } }[] };

const read = <T>(name: string): T | undefined => {
  const file = join(RESULTS_DIR, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
};

/** What a frame's wall time in Lambda is made of, beyond our own code: assumptions, stated. */
const ASSUMED = {
  /** DetectProtectiveEquipment round trip; the quota benchmark's stand-in answers in 200 ms. */
  rekognitionMs: 200,
  /** Each DynamoDB or S3 round trip from Lambda in the same region. */
  awsCallMs: 8,
  /** Log volume per invocation: START/END/REPORT lines and one EMF metrics line. */
  logBytesPerInvocation: 1500,
  /** Alert publisher: frames that raise an alert, and e-mail subscribers per alert. */
  alertingFraction: 0.05,
  emailSubscribers: 2,
  /** The S3 path's batch size: one SQS receive and one delete per batch. */
  s3BatchSize: 5,
};

/** Memory of the functions, from lib/ppe-detection-stack.ts. */
const MEMORY_GB = { api: 1, s3: 0.5, alert: 0.5 };

const census = read<Census>('requests-per-frame.json');
/** The S3 path's billed time per frame as measured under the quota (paced, the deployed design). */
const pacedFrameMs = read<QuotaDrain>('quota-drain.json')?.results.find((r) => r.config === 'after')
  ?.frameMs.median;
const overhead = read<Overhead>('overhead.json');
if (!census || !overhead) {
  console.error('Run bench/overhead.ts first: it counts the requests this estimate prices.');
  process.exit(1);
}

type Line = { item: string; perFrame: number; unitUsd: number; unit: string };

function lambdaLines(path: 'api' | 's3', ourMs: number, awsCalls: number): Line[] {
  const estimated = ASSUMED.rekognitionMs + awsCalls * ASSUMED.awsCallMs + ourMs;
  // Paced containers also wait for their slot: bench/quota-drain.ts measures what a frame bills.
  const ms = path === 's3' && pacedFrameMs !== undefined ? pacedFrameMs : estimated;
  const invocationsPerFrame = path === 's3' ? 1 / ASSUMED.s3BatchSize : 1;
  return [
    {
      item: `Lambda ${path}-ingest duration (${MEMORY_GB[path]} GB x ${ms.toFixed(0)} ms)`,
      perFrame: MEMORY_GB[path] * (ms / 1000),
      unitUsd: PRICES.lambdaArmGbSecond.usd,
      unit: 'GB-s',
    },
    {
      item: `Lambda ${path}-ingest invocations`,
      perFrame: invocationsPerFrame,
      unitUsd: PRICES.lambdaRequest.usd,
      unit: 'invocation',
    },
    {
      item: 'CloudWatch Logs ingestion',
      perFrame: (invocationsPerFrame * ASSUMED.logBytesPerInvocation) / 1e9,
      unitUsd: PRICES.cloudWatchLogsGb.usd,
      unit: 'GB',
    },
  ];
}

/** The alert path per frame, at the assumed share of frames that alert. */
function alertLines(): Line[] {
  const share = ASSUMED.alertingFraction;
  return [
    {
      item: `Alert publisher (${share * 100}% of frames alert)`,
      perFrame: share,
      unitUsd: PRICES.lambdaRequest.usd + MEMORY_GB.alert * 0.05 * PRICES.lambdaArmGbSecond.usd,
      unit: 'alert (50 ms)',
    },
    // Two strongly consistent GetItems (frame, camera), a two-item transaction (frame ~1.1 KB,
    // camera ~0.2 KB: (2 + 1) x 2 units) and the update that marks the frame sent (2 units).
    {
      item: 'DynamoDB reads for alerts',
      perFrame: share * 2,
      unitUsd: PRICES.dynamoReadUnit.usd,
      unit: 'RRU',
    },
    {
      item: 'DynamoDB writes for alerts',
      perFrame: share * 8,
      unitUsd: PRICES.dynamoWriteUnit.usd,
      unit: 'WRU',
    },
    { item: 'SNS publishes', perFrame: share, unitUsd: PRICES.snsPublish.usd, unit: 'publish' },
    {
      item: `SNS e-mail deliveries (${ASSUMED.emailSubscribers} subscribers)`,
      perFrame: share * ASSUMED.emailSubscribers,
      unitUsd: PRICES.snsEmailDelivery.usd,
      unit: 'e-mail',
    },
  ];
}

function pathLines(scenarioId: string): Line[] {
  const scenario = census?.scenarios.find((s) => s.id === scenarioId);
  const ours = overhead?.scenarios.find((s) => s.id === scenarioId)?.handler.p50Ms;
  if (!scenario || ours === undefined) throw new Error(`No measurements for ${scenarioId}`);
  const requests = scenario.requestsPerFrame;
  const awsCalls = Object.entries(requests)
    .filter(([name]) => !name.startsWith('rekognition.'))
    .reduce((sum, [, count]) => sum + count, 0);
  const lines: Line[] = [
    {
      item: 'Rekognition DetectProtectiveEquipment',
      perFrame: requests['rekognition.DetectProtectiveEquipment'] ?? 0,
      unitUsd: PRICES.rekognitionImage.usd,
      unit: 'image',
    },
    {
      item: 'DynamoDB writes (claim, persons, frame + statistics transaction)',
      perFrame: scenario.dynamodb.writeUnitsPerFrame,
      unitUsd: PRICES.dynamoWriteUnit.usd,
      unit: 'WRU',
    },
    ...lambdaLines(scenario.path, ours, awsCalls),
  ];
  if (scenario.path === 'api') {
    lines.unshift({
      item: 'API Gateway REST request',
      perFrame: 1,
      unitUsd: PRICES.apiGatewayRestRequest.usd,
      unit: 'request',
    });
  } else {
    lines.unshift(
      { item: 'S3 PUT by the camera', perFrame: 1, unitUsd: PRICES.s3PutRequest.usd, unit: 'PUT' },
      {
        item: 'S3 HeadObject',
        perFrame: requests['s3.HeadObject'] ?? 0,
        unitUsd: PRICES.s3GetRequest.usd,
        unit: 'HEAD',
      },
      {
        item: 'SQS send (S3 notification), receive and delete per batch',
        perFrame: 1 + 2 / ASSUMED.s3BatchSize,
        unitUsd: PRICES.sqsRequest.usd,
        unit: 'request',
      },
    );
  }
  return [...lines, ...alertLines()];
}

const money = (usd: number) =>
  usd >= 100 ? usd.toFixed(0) : usd >= 1 ? usd.toFixed(2) : usd.toFixed(3);

const paths = [
  { name: 'API path (POST /frames), 720p camera frame', scenario: 'api/camera-720p' },
  { name: 'S3 path (upload to incoming/), 720p camera frame', scenario: 's3/camera-720p' },
];
const results = paths.map(({ name, scenario }) => {
  const lines = pathLines(scenario).map((line) => ({
    ...line,
    perMillionUsd: line.perFrame * line.unitUsd * 1e6,
  }));
  return {
    name,
    scenario,
    lines,
    totalPerMillionUsd: lines.reduce((sum, line) => sum + line.perMillionUsd, 0),
  };
});

const sections = results.map(({ name, lines, totalPerMillionUsd }) => {
  const rekognition =
    lines[lines.findIndex((l) => l.item.startsWith('Rekognition'))]?.perMillionUsd ?? 0;
  const table = markdownTable(
    ['item', 'per frame', 'unit', 'USD per 1M frames'],
    [
      ...lines.map((l) => [
        l.item,
        Number(l.perFrame.toPrecision(3)),
        l.unit,
        money(l.perMillionUsd),
      ]),
      ['**total**', '', '', `**${money(totalPerMillionUsd)}**`],
    ],
  );
  return `## ${name}\n\n${table}\n\nRekognition is ${((rekognition / totalPerMillionUsd) * 100).toFixed(1)}% of the total.`;
});
const priceTable = markdownTable(
  ['price', 'USD', 'unit', 'source'],
  Object.entries(PRICES).map(([key, price]) => [
    key,
    String(Number(price.usd.toPrecision(6))),
    price.unit,
    price.source,
  ]),
);
const report = [
  'Requests and write units per frame as counted by the overhead benchmark (a frame with four persons, no retries); on the API path, Lambda time = Rekognition + AWS round trips + our own time per frame as measured there (p50); on the S3 path, the time a frame bills under the quota benchmark (p50, paced: it includes the wait for its slot); the rest are stated assumptions:',
  '',
  ...Object.entries(ASSUMED).map(([key, value]) => `- \`${key}\`: ${value}`),
  '',
  ...sections.flatMap((section) => [section, '']),
  'DynamoDB Streams reads by Lambda are free; the stream filter passes only frames that alert. Not counted: X-Ray traces, data transfer out, S3 storage of images until they expire, CloudWatch metrics and alarms (a fixed monthly cost), and the free tiers.',
  '',
  'Prices (US East, on-demand, list):',
  '',
  priceTable,
].join('\n');

console.log(report);
writeFileSync(
  join(RESULTS_DIR, 'cost.json'),
  `${JSON.stringify({ benchmark: 'cost', generatedAt: new Date().toISOString(), machine: machine(), assumed: ASSUMED, prices: PRICES, paths: results }, null, 2)}\n`,
);
writeFileSync(join(RESULTS_DIR, 'cost.md'), `${report}\n`);
