import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DetectProtectiveEquipmentCommand,
  type DetectProtectiveEquipmentCommandInput,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayDetector, startReplayDetector } from '../../local/rekognition-replay.js';
import {
  EMPTY_SCENE_RECORDING,
  imageSha256,
  loadReplayFallback,
} from '../../local/replay-recordings.js';
import { BUNDLED_SAMPLES } from '../../local/start-local-runtime.js';
import { fixtureImage, fixtureRecording } from '../support/fixtures.js';
import { makePng } from '../support/images.js';

let replay: ReplayDetector;
let client: RekognitionClient;
let objects: Map<string, Uint8Array>;

beforeAll(async () => {
  objects = new Map([['ppe-ingest/incoming/cam-01/a.jpg', fixtureImage]]);
  replay = await startReplayDetector({
    replayDir: BUNDLED_SAMPLES,
    readS3Object: async (bucket, key) => objects.get(`${bucket}/${key}`),
  });
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
});

const detect = (input: Partial<DetectProtectiveEquipmentCommandInput>) =>
  client.send(new DetectProtectiveEquipmentCommand({ Image: { Bytes: fixtureImage }, ...input }));

describe('the replay stand-in of Rekognition, through the SDK', () => {
  it('answers the recorded request with the recorded response', async () => {
    const response = await detect({
      SummarizationAttributes: fixtureRecording.request.SummarizationAttributes as never,
    });

    expect(response.Persons).toEqual(fixtureRecording.response.Persons);
    expect(response.Summary).toEqual(fixtureRecording.response.Summary);
  });

  it('recomputes the Summary for other required equipment', async () => {
    const response = await detect({
      SummarizationAttributes: { MinConfidence: 80, RequiredEquipmentTypes: ['HAND_COVER'] },
    });

    expect(response.Summary).toEqual({
      PersonsWithRequiredEquipment: [],
      PersonsWithoutRequiredEquipment: [0, 1, 2, 3],
      PersonsIndeterminate: [],
    });
  });

  it('gives no Summary when the request asks for none, as Rekognition does', async () => {
    const response = await detect({});

    expect(response.Summary).toBeUndefined();
    expect(response.Persons).toHaveLength(4);
  });

  it('reads an S3Object from the local bucket', async () => {
    const response = await client.send(
      new DetectProtectiveEquipmentCommand({
        Image: { S3Object: { Bucket: 'ppe-ingest', Name: 'incoming/cam-01/a.jpg' } },
      }),
    );

    expect(response.Persons).toHaveLength(4);
  });

  it('refuses an image without a recording with a 4xx that leads with what to do', async () => {
    const image = makePng(640, 480);

    const attempt = detect({ Image: { Bytes: image } });

    await expect(attempt).rejects.toMatchObject({
      name: 'NoRecordingException',
      message: expect.stringMatching(/^Add a recording for this image/),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(attempt).rejects.toThrow(imageSha256(image));
    await expect(attempt).rejects.toThrow(join(BUNDLED_SAMPLES, `${imageSha256(image)}.json`));
    await expect(attempt).rejects.toThrow(/PPE_REPLAY_FALLBACK=\S+empty-scene\.json/);
    await expect(attempt).rejects.toThrow(/PPE_DETECTOR=rekognition/);
  });

  it('answers an image without its own recording from the fallback, with the Summary recomputed', async () => {
    const withFallback = await startReplayDetector({
      replayDir: BUNDLED_SAMPLES,
      fallback: await loadReplayFallback(EMPTY_SCENE_RECORDING),
      readS3Object: async () => undefined,
    });
    const fallbackClient = new RekognitionClient({
      endpoint: withFallback.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const send = (bytes: Uint8Array) =>
        fallbackClient.send(
          new DetectProtectiveEquipmentCommand({
            Image: { Bytes: bytes },
            SummarizationAttributes: { MinConfidence: 80, RequiredEquipmentTypes: ['HEAD_COVER'] },
          }),
        );

      const unknown = await send(makePng(640, 480));
      const recorded = await send(fixtureImage);

      expect(unknown).toMatchObject({
        ProtectiveEquipmentModelVersion: '1.0',
        Persons: [],
        Summary: {
          PersonsWithRequiredEquipment: [],
          PersonsWithoutRequiredEquipment: [],
          PersonsIndeterminate: [],
        },
      });
      expect(recorded.Persons).toHaveLength(4);
    } finally {
      fallbackClient.destroy();
      await withFallback.close();
    }
  });

  it('refuses a fallback that is not a DetectProtectiveEquipment response, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'replay-'));
    try {
      const file = join(dir, 'broken.json');
      await writeFile(file, '{"Labels": []}');

      await expect(loadReplayFallback(file)).rejects.toThrow(
        `${file} is not a DetectProtectiveEquipment response`,
      );
      await expect(loadReplayFallback(join(dir, 'none.json'))).rejects.toThrow(/does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers bytes that are no JPEG or PNG with InvalidImageFormatException', async () => {
    await expect(detect({ Image: { Bytes: Buffer.from('hello') } })).rejects.toMatchObject({
      name: 'InvalidImageFormatException',
    });
  });

  it('answers a missing S3 object with InvalidS3ObjectException', async () => {
    const attempt = client.send(
      new DetectProtectiveEquipmentCommand({
        Image: { S3Object: { Bucket: 'ppe-ingest', Name: 'incoming/none.jpg' } },
      }),
    );

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidS3ObjectException' });
  });

  it('throttles with ThrottlingException past its quota', async () => {
    replay.setCallsPerSecond(0);
    try {
      await expect(detect({})).rejects.toMatchObject({ name: 'ThrottlingException' });
    } finally {
      replay.setCallsPerSecond(undefined);
    }
  });

  it('takes at least latencyMs to answer an analysis', async () => {
    const slow = await startReplayDetector({
      replayDir: BUNDLED_SAMPLES,
      latencyMs: 150,
      readS3Object: async () => undefined,
    });
    const slowClient = new RekognitionClient({
      endpoint: slow.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const send = async () => {
      const started = performance.now();
      const outcome = await slowClient
        .send(new DetectProtectiveEquipmentCommand({ Image: { Bytes: fixtureImage } }))
        .then(
          () => 'answered',
          (error: Error) => error.name,
        );
      return { outcome, ms: performance.now() - started };
    };
    try {
      const answered = await send();

      expect(answered.outcome).toBe('answered');
      expect(answered.ms).toBeGreaterThanOrEqual(145);
    } finally {
      slowClient.destroy();
      await slow.close();
    }
  });

  it('answers from a recording added while it runs, in its own directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'replay-'));
    const other = await startReplayDetector({
      replayDir: dir,
      readS3Object: async () => undefined,
    });
    const otherClient = new RekognitionClient({
      endpoint: other.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const image = makePng(128, 128);
      await writeFile(join(dir, `${imageSha256(image)}.json`), JSON.stringify({ Persons: [] }));

      const response = await otherClient.send(
        new DetectProtectiveEquipmentCommand({ Image: { Bytes: image } }),
      );

      expect(response.Persons).toEqual([]);
    } finally {
      otherClient.destroy();
      await other.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
