import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamoDb } from '../../local/dynamodb-local.js';
import { startLocalS3 } from '../../local/s3-local.js';
import { s3FrameId, sampleImage } from './support/local-runtime.js';
import { type RuntimeProcess, spawnRuntime } from './support/runtime-process.js';

const UPLOADS = 50;
const BUCKET = 'ppe-ingest';
const TABLE = 'ppe-results';
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'camera', secretAccessKey: 'camera' };
// Each analysis takes a while, so that frames are in analysis (claimed) when the runtime dies.
const RUNTIME_ENV = { PPE_REPLAY_LATENCY_MS: '500', REKOGNITION_TPS: '1000' };

const s3Client = (endpoint: string) =>
  new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials,
    // s3rver stores aws-chunked uploads (the default checksums) as they arrive, framing included.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** Uploads the sample frame under `key`; resolves to the S3 path's frame id for it. */
async function upload(s3: S3Client, key: string): Promise<string> {
  const output = await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      Body: sampleImage,
      ContentType: 'image/jpeg',
    }),
  );
  return s3FrameId(BUCKET, key, output.ETag ?? '');
}

async function getJson(runtime: RuntimeProcess, path: string) {
  const response = await fetch(`${runtime.api}${path}`);
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the contract's JSON freely.
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as any };
}

/** Frame ids whose claim (a PROCESSING frame record) is in the table behind `client`. */
async function claimedFrames(client: DynamoDBClient): Promise<string[]> {
  const output = await client.send(
    new ScanCommand({
      TableName: TABLE,
      FilterExpression: '#state = :processing',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':processing': { S: 'PROCESSING' } },
    }),
  );
  return (output.Items ?? []).map((item) => (item.pk?.S ?? '').replace(/^FRAME#/, ''));
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let dataDir: string;
let first: RuntimeProcess | undefined;
let second: RuntimeProcess | undefined;
const keyOf = new Map<string, string>();
let frameIds: string[] = [];
let staleClaims: string[] = [];
let unnotifiedFrameId = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ppe-crash-'));
  first = await spawnRuntime(['--data-dir', dataDir], RUNTIME_ENV);
  const s3 = s3Client(first.s3);
  const table = new DynamoDBClient({ endpoint: first.dynamodb, region: REGION, credentials });
  try {
    const keys = Array.from({ length: UPLOADS }, (_, n) => `incoming/cam-crash/frame-${n}.jpg`);
    frameIds = await Promise.all(
      keys.map(async (key) => {
        const frameId = await upload(s3, key);
        keyOf.set(frameId, key);
        return frameId;
      }),
    );
    // Every upload is accepted; kill once some are done and some are in analysis.
    await poll(
      async () => ({
        processed: (await getJson(first as RuntimeProcess, '/local/queue')).json.processed,
        claimed: (await claimedFrames(table)).length,
      }),
      ({ processed, claimed }) => processed >= 8 && processed < UPLOADS && claimed > 0,
      'frames in analysis after some were done',
    );
    await first.kill('SIGKILL');
  } finally {
    s3.destroy();
    table.destroy();
  }

  // What the killed runtime left: its claims, read from the data directory.
  const dynamodb = await startLocalDynamoDb({
    tableName: TABLE,
    region: REGION,
    directory: join(dataDir, 'dynamodb'),
  });
  try {
    staleClaims = await claimedFrames(dynamodb.client);
  } finally {
    await dynamodb.close();
  }

  // An upload that s3rver stored but whose notification never reached the queue: the window
  // between storing and notifying, here the bucket without its notification.
  const bare = await startLocalS3({
    port: 0,
    bucket: BUCKET,
    region: REGION,
    directory: join(dataDir, 's3'),
    notifyPrefix: 'incoming/',
    onNotification: () => {},
  });
  const bareClient = s3Client(bare.url);
  try {
    unnotifiedFrameId = await upload(bareClient, 'incoming/cam-window/frame.jpg');
  } finally {
    bareClient.destroy();
    await bare.close();
  }

  second = await spawnRuntime(['--data-dir', dataDir], RUNTIME_ENV);
  // A camera sends again what it is unsure of: the frames that were in analysis at the kill.
  const again = s3Client(second.s3);
  try {
    await Promise.all(staleClaims.map((frameId) => upload(again, keyOf.get(frameId) ?? '')));
  } finally {
    again.destroy();
  }
  await poll(
    async () => (await getJson(second as RuntimeProcess, '/local/queue')).json,
    (queue) => queue.waiting === 0 && queue.inFlight === 0,
    'the restarted runtime to be idle',
  );
}, 240_000);

afterAll(async () => {
  await first?.kill('SIGKILL');
  await second?.kill('SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the local runtime with --data-dir, killed with SIGKILL mid-way and restarted', () => {
  it('gives every upload accepted before the kill its stored result', async () => {
    const runtime = second as RuntimeProcess;
    const missing: string[] = [];
    for (const frameId of frameIds) {
      const stored = await getJson(runtime, `/frames/${frameId}`);
      if (stored.status !== 200 || stored.json.status !== 'compliant') missing.push(frameId);
    }

    expect(missing).toEqual([]);
  });

  it('counts each of those uploads once in the compliance report', async () => {
    const report = await getJson(second as RuntimeProcess, '/reports/compliance?groupBy=camera');

    const camera = report.json.groups.find(
      (group: { camera: string }) => group.camera === 'cam-crash',
    );
    expect(camera?.total.frames).toBe(UPLOADS);
  });

  it('analyses an object stored in the bucket whose notification never reached the queue', async () => {
    const stored = await getJson(second as RuntimeProcess, `/frames/${unnotifiedFrameId}`);

    expect(stored.status).toBe(200);
    expect(stored.json).toMatchObject({ cameraId: 'cam-window', status: 'compliant' });
  });

  it('analyses a frame sent again after the kill once, though the killed runtime held its claim', async () => {
    expect(staleClaims.length).toBeGreaterThan(0);
    for (const frameId of staleClaims) {
      const stored = await getJson(second as RuntimeProcess, `/frames/${frameId}`);
      expect(stored.status).toBe(200);
    }
  });

  it('leaves nothing in the dead-letter list', async () => {
    const dlq = await getJson(second as RuntimeProcess, '/local/dlq');

    expect(dlq.json).toEqual([]);
  });
});
