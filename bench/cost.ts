import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICES } from './prices.js';
import { RESULTS_DIR } from './support/machine.js';
import { markdownTable } from './support/markdown.js';

/**
 * Cost per million frames, from what the other benchmarks counted and measured: AWS requests and
 * DynamoDB write units per frame and our own CPU time per frame (bench/overhead.ts), and the
 * S3 path's Lambda time per frame under the quota (bench/quota-drain.ts), at the list prices of
 * bench/prices.ts. Run the others first: `npm run bench` does.
 */

type Overhead = {
  scenarios: {
    id: string;
    path: 'api' | 's3';
    requestsPerFrame: Record<string, number>;
    writeUnitsPerFrame: number;
    cpuMs: { p50: number };
  }[];
};
type QuotaDrain = { frameMs: { p50: number } };

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
  /**
   * The deployed api-ingest keeps every frame's image under frames/ for the console (one
   * PutObject a frame); the overhead benchmark runs without an image bucket, so it is not counted
   * there.
   */
  apiImagePuts: 1,
};

/** Memory of the functions, from lib/ppe-detection-stack.ts. */
const MEMORY_GB = { api: 1, s3: 0.5, alert: 0.5 };

/** The S3 path's billed time per frame as measured under the quota (paced, as deployed). */
const pacedFrameMs = read<QuotaDrain>('quota-drain.json')?.frameMs.p50;
const overhead = read<Overhead>('overhead.json');
if (!overhead) {
  console.error('Run bench/overhead.ts first: it counts the requests this estimate prices.');
  process.exit(1);
}

/** A priced item: what it is, how many per frame, the price of one, and its unit. */
type Line = { item: string; perFrame: number; unitUsd: number; unit: string };
const line = (item: string, perFrame: number, unitUsd: number, unit: string): Line => ({
  item,
  perFrame,
  unitUsd,
  unit,
});

function pathLines(scenarioId: string): Line[] {
  const scenario = overhead?.scenarios.find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`No measurements for ${scenarioId}`);
  const { path, requestsPerFrame: requests } = scenario;
  const awsCalls = Object.entries(requests)
    .filter(([name]) => !name.startsWith('rekognition.'))
    .reduce((sum, [, count]) => sum + count, 0);
  const estimatedMs = ASSUMED.rekognitionMs + awsCalls * ASSUMED.awsCallMs + scenario.cpuMs.p50;
  // Paced containers also wait for their slot: bench/quota-drain.ts measures what a frame bills.
  const ms = path === 's3' && pacedFrameMs !== undefined ? pacedFrameMs : estimatedMs;
  const invocations = path === 's3' ? 1 / ASSUMED.s3BatchSize : 1;
  const share = ASSUMED.alertingFraction;
  const entry =
    path === 'api'
      ? [
          line('API Gateway REST request', 1, PRICES.apiGatewayRestRequest.usd, 'request'),
          line(
            'S3 PUT keeping the image under frames/',
            requests['s3.PutObject'] ?? ASSUMED.apiImagePuts,
            PRICES.s3PutRequest.usd,
            'PUT',
          ),
        ]
      : [
          line('S3 PUT by the camera', 1, PRICES.s3PutRequest.usd, 'PUT'),
          line('S3 HeadObject', requests['s3.HeadObject'] ?? 0, PRICES.s3GetRequest.usd, 'HEAD'),
          line(
            'SQS send (S3 notification), receive and delete per batch',
            1 + 2 / ASSUMED.s3BatchSize,
            PRICES.sqsRequest.usd,
            'request',
          ),
        ];
  return [
    ...entry,
    line(
      'Rekognition DetectProtectiveEquipment',
      requests['rekognition.DetectProtectiveEquipment'] ?? 0,
      PRICES.rekognitionImage.usd,
      'image',
    ),
    line(
      'DynamoDB writes (claim, persons, frame + statistics transaction)',
      scenario.writeUnitsPerFrame,
      PRICES.dynamoWriteUnit.usd,
      'WRU',
    ),
    line(
      `Lambda ${path}-ingest duration (${MEMORY_GB[path]} GB x ${ms.toFixed(0)} ms)`,
      MEMORY_GB[path] * (ms / 1000),
      PRICES.lambdaArmGbSecond.usd,
      'GB-s',
    ),
    line(`Lambda ${path}-ingest invocations`, invocations, PRICES.lambdaRequest.usd, 'invocation'),
    line(
      'CloudWatch Logs ingestion',
      (invocations * ASSUMED.logBytesPerInvocation) / 1e9,
      PRICES.cloudWatchLogsGb.usd,
      'GB',
    ),
    // The alert path, at the assumed share of frames that alert.
    line(
      `Alert publisher (${share * 100}% of frames alert)`,
      share,
      PRICES.lambdaRequest.usd + MEMORY_GB.alert * 0.05 * PRICES.lambdaArmGbSecond.usd,
      'alert (50 ms)',
    ),
    // Two strongly consistent GetItems (frame, camera), a two-item transaction (frame ~1.1 KB,
    // camera ~0.2 KB: (2 + 1) x 2 units) and the update that marks the frame sent (2 units).
    line('DynamoDB reads for alerts', share * 2, PRICES.dynamoReadUnit.usd, 'RRU'),
    line('DynamoDB writes for alerts', share * 8, PRICES.dynamoWriteUnit.usd, 'WRU'),
    line('SNS publishes', share, PRICES.snsPublish.usd, 'publish'),
    line(
      `SNS e-mail deliveries (${ASSUMED.emailSubscribers} subscribers)`,
      share * ASSUMED.emailSubscribers,
      PRICES.snsEmailDelivery.usd,
      'e-mail',
    ),
  ];
}

const money = (usd: number) =>
  usd >= 100 ? usd.toFixed(0) : usd >= 1 ? usd.toFixed(2) : usd.toFixed(3);

const paths = [
  { name: 'API path (POST /frames), 720p camera frame', scenario: 'api/camera-720p' },
  { name: 'S3 path (upload to incoming/), 720p camera frame', scenario: 's3/camera-720p' },
];
const results = paths.map(({ name, scenario }) => {
  const lines = pathLines(scenario).map((l) => ({
    ...l,
    perMillionUsd: l.perFrame * l.unitUsd * 1e6,
  }));
  const totalPerMillionUsd = lines.reduce((sum, l) => sum + l.perMillionUsd, 0);
  return { name, scenario, lines, totalPerMillionUsd };
});

const sections = results.map(({ name, lines, totalPerMillionUsd }) => {
  const rekognition = lines.find((l) => l.item.startsWith('Rekognition'))?.perMillionUsd ?? 0;
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
  'Requests and write units per frame as counted by the overhead benchmark (a frame with four persons, no retries); on the API path, Lambda time = Rekognition + AWS round trips + our own CPU time per frame as measured there (p50); on the S3 path, the time a frame bills under the quota benchmark (p50, paced: it includes the wait for its slot); the rest are stated assumptions:',
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
  `${JSON.stringify({ benchmark: 'cost', assumed: ASSUMED, prices: PRICES, paths: results }, null, 2)}\n`,
);
