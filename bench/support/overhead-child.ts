/**
 * One overhead scenario in its own process (started by bench/support/overhead-scenario.ts): sends frames
 * through a real ingest handler and, interleaved in the same loop, through the floor.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, SQSEvent } from 'aws-lambda';
import { apiGatewayEvent, CAMERA, postFrameBody, sqsS3Event } from './events.js';
import { makeFakeAws } from './fake-aws.js';
import { CAMERA_FRAME, FIXTURE_FRAME } from './inputs.js';
import type { ScenarioResult, ScenarioSpec } from './overhead-scenario.js';
import { wireIngestHandlers } from './overhead-wiring.js';
import { dynamoDbWrites } from './write-census.js';

const spec = JSON.parse(process.argv[2] ?? '') as ScenarioSpec;
const input = [CAMERA_FRAME, FIXTURE_FRAME].find((candidate) => candidate.id === spec.input);
if (!input) throw new Error(`Unknown input ${spec.input}`);
const image = readFileSync(input.path);
const fake = makeFakeAws({
  contentLength: image.byteLength,
  metadata: { 'camera-id': CAMERA.cameraId, location: CAMERA.location },
});
const { apiIngest, s3Ingest } = wireIngestHandlers(fake);
const body = postFrameBody(image);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** One frame: its floor, its trip through the handler, and the check of the handler's answer. */
interface Frame {
  floor: () => number;
  handle: () => Promise<unknown>;
  check: (answer: unknown) => void;
}

/** The floor of the API path: parse the request body and decode the image, nothing else. */
const apiFloor = (event: APIGatewayProxyEvent) => () =>
  Buffer.from((JSON.parse(event.body ?? '') as { image: string }).image, 'base64').byteLength;

/** The floor of the S3 path: parse the SQS message body that carries the S3 event. */
const s3Floor = (event: SQSEvent) => () =>
  (JSON.parse(event.Records[0]?.body ?? '') as { Records: unknown[] }).Records.length;

function frame(index: number): Frame {
  const context = { awsRequestId: randomUUID(), functionName: `${spec.path}-ingest` };
  if (spec.path === 'api') {
    const event = apiGatewayEvent(body, spec.idempotencyKey ? randomUUID() : undefined);
    return {
      floor: apiFloor(event),
      handle: () => apiIngest(event, context),
      check: (answer) => {
        const { statusCode, body } = answer as APIGatewayProxyResult;
        if (statusCode !== 200) throw new Error(`POST /frames answered ${statusCode}: ${body}`);
      },
    };
  }
  const event = sqsS3Event(`incoming/${CAMERA.cameraId}/frame-${index}.jpg`, image.byteLength);
  return {
    floor: s3Floor(event),
    handle: () => s3Ingest(event, context),
    check: (answer) => {
      const failures = (answer as { batchItemFailures: unknown[] }).batchItemFailures;
      if (failures.length > 0) throw new Error('s3-ingest reported a batch item failure');
    },
  };
}

/** The outcome of the census frame, read from the frame record its transaction committed. */
function outcomeOf(transactionBodies: string[]) {
  for (const text of transactionBodies) {
    const request = JSON.parse(text) as {
      TransactItems?: {
        Put?: { Item: Record<string, { S?: string; L?: unknown[]; BOOL?: boolean }> };
      }[];
    };
    const item = request.TransactItems?.[0]?.Put?.Item;
    if (item) {
      return {
        status: item.status?.S ?? 'unknown',
        persons: item.persons?.L?.length ?? 0,
        alert: item.alert?.BOOL ?? false,
      };
    }
  }
  throw new Error('No frame record');
}

const startRss = process.memoryUsage().rss;
const handlerMs: number[] = [];
const floorMs: number[] = [];
let sink = 0;
let windowStart = 0;
for (let index = 0; index < spec.warmup + spec.iterations; index++) {
  if (index === spec.warmup) windowStart = nowUs();
  const { floor, handle, check } = frame(index);
  const t0 = performance.now();
  sink += floor();
  const t1 = performance.now();
  const answer = await handle();
  const t2 = performance.now();
  check(answer);
  if (index >= spec.warmup) {
    floorMs.push(t1 - t0);
    handlerMs.push(t2 - t1);
  }
}
const windowEnd = nowUs();
const peakRss = process.resourceUsage().maxRSS;

const captured = fake.capture();
const census = frame(spec.warmup + spec.iterations);
census.check(await census.handle());
fake.stopCapture();
const writes = dynamoDbWrites(captured);

const result: ScenarioResult = {
  spec,
  handlerMs,
  floorMs,
  rssKb: { start: Math.round(startRss / 1024), peak: peakRss },
  frames: spec.warmup + spec.iterations + 1,
  requests: Object.fromEntries(fake.counts),
  census: {
    requests: captured.map(({ service, operation, bodyBytes }) => ({
      service,
      operation,
      bodyBytes,
    })),
    writes,
    outcome: outcomeOf(
      captured.filter((r) => r.operation === 'TransactWriteItems').map((r) => r.body ?? ''),
    ),
  },
  windowUs: { start: windowStart, end: windowEnd },
};
if (sink < 0) throw new Error('unreachable: keeps the floor from being optimised away');
process.send?.(result);
process.disconnect?.();
