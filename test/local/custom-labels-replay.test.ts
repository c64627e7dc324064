import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectCustomLabelsCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayDetector, startReplayDetector } from '../../local/rekognition-replay.js';
import { imageSha256 } from '../../local/replay-recordings.js';
import { GOGGLES_MODEL, VEST_MODEL } from '../support/custom-equipment.js';
import { fixtureImage } from '../support/fixtures.js';

let dir: string;
let replay: ReplayDetector;
let client: RekognitionClient;
const sha = imageSha256(fixtureImage);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ppe-custom-labels-'));
  await copyFile(
    new URL('../fixtures/rekognition/ppe-group.custom-labels.json', import.meta.url),
    join(dir, `${sha}.custom-labels.json`),
  );
  // The goggles model has a recording of its own for this image.
  await writeFile(
    join(dir, `${sha}.custom-labels.ppe-goggles.v1.json`),
    JSON.stringify({ CustomLabels: [{ Name: 'goggles', Confidence: 77, Geometry: {} }] }),
  );
  replay = await startReplayDetector({ replayDir: dir, readS3Object: async () => undefined });
  client = new RekognitionClient({
    endpoint: replay.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await replay?.close();
  await rm(dir, { recursive: true, force: true });
});

const detect = (ProjectVersionArn: string, MinConfidence?: number, image = fixtureImage) =>
  client.send(
    new DetectCustomLabelsCommand({ ProjectVersionArn, Image: { Bytes: image }, MinConfidence }),
  );

describe('the replay of DetectCustomLabels', () => {
  it('answers the recording beside the PPE one, keeping labels at MinConfidence or more', async () => {
    const response = await detect(VEST_MODEL, 90);

    expect(response.CustomLabels?.map((l) => `${l.Name}@${l.Confidence}`)).toEqual([
      'vest@92.4',
      'vest@95.1',
      'cone@99',
    ]);
  });

  it("prefers a model's own recording, named after its project and version", async () => {
    const response = await detect(GOGGLES_MODEL, 50);

    expect(response.CustomLabels?.map((l) => l.Name)).toEqual(['goggles']);
  });

  it('refuses an image without a recording with NoRecordingException naming the file', async () => {
    const other = Buffer.from(fixtureImage);
    other.writeUInt8(other.readUInt8(other.length - 3) ^ 0xff, other.length - 3);

    await expect(detect(VEST_MODEL, 50, other)).rejects.toMatchObject({
      name: 'NoRecordingException',
      message: expect.stringContaining(
        `${imageSha256(other)}.custom-labels.ppe-vests.ppe-vests.2026-11-20T10.00.00.json`,
      ),
    });
  });

  it('answers ResourceNotReadyException for a model that is not running', async () => {
    replay.setStoppedModels([VEST_MODEL]);
    try {
      await expect(detect(VEST_MODEL)).rejects.toMatchObject({ name: 'ResourceNotReadyException' });
      await expect(detect(GOGGLES_MODEL)).resolves.toBeDefined();
    } finally {
      replay.setStoppedModels([]);
    }
  });

  it('refuses an ARN that is not a model version, as Rekognition does', async () => {
    await expect(
      detect('arn:aws:rekognition:us-east-1:123456789012:project/ppe-vests/1'),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
