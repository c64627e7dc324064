import { DetectProtectiveEquipmentCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDynamoDbResultsStore } from '../../lambda/adapters/dynamodb-results-store.js';
import { makeRekognitionDetector } from '../../lambda/adapters/rekognition-detector.js';
import { makeS3ImageKeeper } from '../../lambda/adapters/s3-image-objects.js';
import { makeAnalyseFrame } from '../../lambda/core/analyse-frame.js';
import { makeApiIngestHandler } from '../../lambda/handlers/api-ingest.js';
import { makeGetFrameHandler } from '../../lambda/handlers/get-frame.js';
import { fixtureImage } from '../support/fixtures.js';
import { type LocalTable, startLocalTable } from '../support/local-table.js';
import {
  getFrameEvent,
  postFrameEvent,
  recordingMetrics,
  testPolicies,
} from '../support/pipeline.js';
import { replayFixture } from '../support/replay.js';

const region = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const rekognition = mockClient(RekognitionClient);
const s3 = mockClient(S3Client);
const frame = { image: fixtureImage.toString('base64'), cameraId: 'cam-01' };
let table: LocalTable;

beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(async () => {
  await table.close();
  rekognition.restore();
  s3.restore();
});
beforeEach(() => {
  rekognition.reset();
  s3.reset();
  rekognition.on(DetectProtectiveEquipmentCommand).callsFake(replayFixture);
  s3.on(PutObjectCommand).resolves({ VersionId: 'v-1' });
});
afterEach(() => {});

function wire() {
  const recorded = recordingMetrics();
  const warnings: string[] = [];
  const store = makeDynamoDbResultsStore(table.client, {
    tableName: table.tableName,
    retentionDays: 365,
  });
  const analyseFrame = makeAnalyseFrame({
    detector: makeRekognitionDetector(new RekognitionClient(region)),
    store,
    images: makeS3ImageKeeper(new S3Client(region), 'ingest-bucket'),
    metrics: recorded.metrics,
    warn: (message) => warnings.push(message),
  });
  const logError = () => {};
  return {
    ...recorded,
    warnings,
    apiIngest: makeApiIngestHandler({ analyseFrame, policies: testPolicies, logError }),
    getFrame: makeGetFrameHandler({ store, logError }),
  };
}

const frameRecord = async (frameId: string) =>
  (await table.scan()).find((item) => item.pk === `FRAME#${frameId}` && item.sk === 'FRAME');

const until = async (what: () => boolean, label: string) => {
  const deadline = Date.now() + 5000;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('POST /frames keeps the analysed image', () => {
  it('writes frames/<frameId>.jpg and remembers it, with its size, in the frame record only', async () => {
    const pipeline = wire();
    const response = await pipeline.apiIngest(postFrameEvent(frame));
    expect(response.statusCode).toBe(200);
    const { frameId } = JSON.parse(response.body);

    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({
      Bucket: 'ingest-bucket',
      Key: `frames/${frameId}.jpg`,
      ContentType: 'image/jpeg',
    });
    expect(Buffer.from(put?.args[0].input.Body as Uint8Array).equals(fixtureImage)).toBe(true);
    expect((await frameRecord(frameId))?.image).toEqual({
      key: `frames/${frameId}.jpg`,
      versionId: 'v-1',
      width: 1920,
      height: 1280,
    });
    const stored = JSON.parse((await pipeline.getFrame(getFrameEvent(frameId))).body);
    expect(stored.image).toBeUndefined();
    expect(stored.persons).toHaveLength(4);
  });

  it('writes the image while Rekognition runs, not before or after it', async () => {
    let detecting = false;
    let writing = false;
    rekognition.on(DetectProtectiveEquipmentCommand).callsFake(async (input) => {
      detecting = true;
      await until(() => writing, 'the image write to start');
      return replayFixture(input);
    });
    s3.on(PutObjectCommand).callsFake(async () => {
      writing = true;
      await until(() => detecting, 'the detector call to start');
      return { VersionId: 'v-1' };
    });
    const response = await wire().apiIngest(postFrameEvent(frame));
    expect(response.statusCode).toBe(200);
    expect((await frameRecord(JSON.parse(response.body).frameId))?.image).toBeDefined();
  });

  it('stores the result without the image when the write fails, with one Rekognition call', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
    const pipeline = wire();
    const response = await pipeline.apiIngest(postFrameEvent(frame));
    expect(response.statusCode).toBe(200);
    const { frameId } = JSON.parse(response.body);
    const record = await frameRecord(frameId);
    expect(record?.state).toBe('DONE');
    expect(record?.image).toBeUndefined();
    expect(rekognition.commandCalls(DetectProtectiveEquipmentCommand)).toHaveLength(1);
    expect(pipeline.counts.ImageWriteFailures).toBe(1);
    expect(pipeline.warnings).toHaveLength(1);
  });

  it('writes nothing again for a retried request (same Idempotency-Key)', async () => {
    const pipeline = wire();
    const headers = { 'Idempotency-Key': 'image-retry-1' };
    await pipeline.apiIngest(postFrameEvent(frame, headers));
    const retry = await pipeline.apiIngest(postFrameEvent(frame, headers));
    expect(retry.headers?.['Idempotent-Replayed']).toBe('true');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(rekognition.commandCalls(DetectProtectiveEquipmentCommand)).toHaveLength(1);
  });
});
