/**
 * One overhead scenario in its own process, started by bench/overhead.ts with the environment the
 * local runtime gives the functions: the production entry of api-ingest or s3-ingest, its clients
 * on the runtime's stand-ins, takes frames one after another. Per frame it measures this
 * process's CPU time (our code, Powertools, zod, and the AWS SDK's serialization, signing and
 * HTTP; not the stand-ins, which run in the parent) beside the floor's. aws-sdk-client-mock spies
 * on each client (calling through) to count the AWS requests and size the DynamoDB writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult, Context, SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { toApiGatewayEvent } from '../../local/api-gateway-event.js';
import { makeContext } from '../../local/lambda-context.js';
import { s3Event, sqsEvent, sqsRecord } from '../../test/support/s3-events.js';
import { FRAMES, type FrameName } from './frames.js';
import { type NativeItem, type SentCommand, type Write, writesOf } from './write-units.js';

/** What the parent asks for: a path, a frame, how many frames, and the uploads (S3 path). */
export interface OverheadSpec {
  path: 'api' | 's3';
  frame: FrameName;
  warmup: number;
  iterations: number;
  bucket: string;
  /** One uploaded copy of the frame per S3-path frame, warm-up and census included. */
  objects: { key: string; eTag: string }[];
  /** Where to write the {@link OverheadResult}. */
  out: string;
}

/** What the child reports: per timed frame, its CPU ms and the floor's. */
export interface OverheadResult {
  cpuMs: number[];
  floorCpuMs: number[];
  /** AWS requests by `service.operation` over all frames. */
  requests: Record<string, number>;
  frames: number;
  /** The last frame's DynamoDB writes. */
  writes: Write[];
}

const spec = JSON.parse(process.argv[2] ?? '') as OverheadSpec;
const spies = {
  dynamodb: mockClient(DynamoDBDocumentClient),
  rekognition: mockClient(RekognitionClient),
  s3: mockClient(S3Client),
};
for (const spy of Object.values(spies)) spy.send.callThrough();

/** The commands sent since the last call; document-client commands by their DynamoDB operation. */
function takeCommands(): (SentCommand & { service: string })[] {
  return Object.entries(spies).flatMap(([service, spy]) => {
    const calls = spy.send.getCalls().map((call) => {
      const command = call.args[0] as { constructor: { name: string }; input: object };
      const name = command.constructor.name.replace(/Command$/, '');
      const item = name === 'Query' ? '' : name.startsWith('Transact') ? 'Items' : 'Item';
      const operation = service === 'dynamodb' ? `${name}${item}` : name;
      return { service, operation, input: command.input as Record<string, unknown> };
    });
    spy.send.resetHistory();
    return calls;
  });
}

const image = readFileSync(FRAMES[spec.frame].file).toString('base64');
const body = JSON.stringify({ cameraId: 'cam-01', location: 'plant-3/line-2', image });
const context = (name: string, memoryMb: number): Context =>
  makeContext({ name, timeoutMs: 60_000, memoryMb, handler: async () => undefined }, 'us-east-1');
const request = {
  method: 'POST',
  path: '/frames',
  query: new URLSearchParams(),
  rawHeaders: ['Content-Type', 'application/json', 'User-Agent', 'camera-gateway/1.0'],
  body,
  sourceIp: '203.0.113.7',
};

/** Frame `index`: its floor (parse, and decode the image where there is one) and its handling. */
async function framesOf(path: OverheadSpec['path']) {
  if (path === 'api') {
    const { handler } = await import('../../lambda/functions/api-ingest.js');
    return () => {
      const event = toApiGatewayEvent(request, { resource: '/frames', pathParameters: null });
      return {
        floor: () => Buffer.from(JSON.parse(body).image, 'base64').byteLength,
        handle: async () => {
          const answer = (await handler(
            event,
            context('api-ingest', 1024),
          )) as APIGatewayProxyResult;
          if (answer.statusCode !== 200) throw new Error(`POST /frames: ${answer.body}`);
        },
      };
    };
  }
  const { handler } = await import('../../lambda/functions/s3-ingest.js');
  return (index: number) => {
    const { key, eTag } = spec.objects[index] ?? { key: '', eTag: '' };
    const event = sqsEvent(sqsRecord(s3Event(key, { bucket: spec.bucket, eTag })));
    return {
      floor: () => JSON.parse(event.Records[0]?.body ?? '').Records.length,
      handle: async () => {
        const answer = (await handler(event, context('s3-ingest', 512))) as SQSBatchResponse;
        if (answer.batchItemFailures.length > 0) throw new Error('s3-ingest handed a frame back');
      },
    };
  };
}

const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

const frame = await framesOf(spec.path);
const result: OverheadResult = { cpuMs: [], floorCpuMs: [], requests: {}, frames: 0, writes: [] };
let sink = 0;
let last: ReturnType<typeof takeCommands> = [];
for (let index = 0; index <= spec.warmup + spec.iterations; index++) {
  const { floor, handle } = frame(index);
  const floorStart = process.cpuUsage();
  sink += floor();
  const floorCpuMs = cpuMsSince(floorStart);
  const cpuStart = process.cpuUsage();
  await handle();
  const cpuMs = cpuMsSince(cpuStart);
  last = takeCommands();
  for (const { service, operation } of last) {
    const key = `${service}.${operation}`;
    result.requests[key] = (result.requests[key] ?? 0) + 1;
  }
  result.frames += 1;
  // Warm-up frames first; the last frame is the census, untimed.
  if (index >= spec.warmup && index < spec.warmup + spec.iterations) {
    result.cpuMs.push(cpuMs);
    result.floorCpuMs.push(floorCpuMs);
  }
}
// The census: the last frame's writes, its statistics update read back from the table.
const reader = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const read = (Key: NativeItem) =>
  reader.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key, ConsistentRead: true }));
result.writes = await writesOf(
  last.filter((command) => command.service === 'dynamodb'),
  async (key) => (await read(key)).Item,
);
if (sink < 0) throw new Error('unreachable: keeps the floor from being optimised away');
writeFileSync(spec.out, JSON.stringify(result));
