import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SCENE_RECORDING, imageSha256 } from '../../local/replay-recordings.js';
import { BUNDLED_SAMPLES, type LocalRuntime } from '../../local/start-local-runtime.js';
import { HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';
import { makePng } from '../support/images.js';
import {
  alertsFor,
  request,
  s3ClientFor,
  sampleImage,
  startTestRuntime,
} from './support/local-runtime.js';

let runtime: LocalRuntime;
let replayDir: string;
const sha = imageSha256(sampleImage);
const lonelyImage = makePng(640, 480);

beforeAll(async () => {
  // The bundled PPE recording, and beside it the Custom Labels one, named as a user would.
  replayDir = await mkdtemp(join(tmpdir(), 'ppe-custom-replay-'));
  await copyFile(join(BUNDLED_SAMPLES, `${sha}.json`), join(replayDir, `${sha}.json`));
  await copyFile(
    new URL('../fixtures/rekognition/ppe-group.custom-labels.json', import.meta.url),
    join(replayDir, `${sha}.custom-labels.json`),
  );
  // An image with a PPE recording only (an empty scene): its Custom Labels answer is missing.
  await copyFile(EMPTY_SCENE_RECORDING, join(replayDir, `${imageSha256(lonelyImage)}.json`));
  runtime = await startTestRuntime({
    replayDir,
    analysis: {
      customEquipment: [HIGH_VIS_VEST],
      policies: [
        { id: 'yard', locationPrefix: 'yard/', requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'] },
      ],
    },
  });
});
afterAll(async () => {
  await runtime?.stop();
  await rm(replayDir, { recursive: true, force: true });
});

const post = (body: Record<string, unknown>) =>
  request(runtime, 'POST', '/frames', { image: sampleImage.toString('base64'), ...body });

describe('custom equipment through the local runtime', () => {
  it("judges vests from the recorded Custom Labels response under the location's policy", async () => {
    const reply = await post({ cameraId: 'cam-yard-1', location: 'yard/north' });

    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      policy: 'yard',
      requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
      status: 'violation',
      summary: {
        personsWithRequiredEquipment: [0, 3],
        personsWithoutRequiredEquipment: [2],
        personsIndeterminate: [1],
      },
      alert: true,
    });
    expect(reply.json.persons[1].customLabels).toEqual([
      expect.objectContaining({ type: 'HIGH_VIS_VEST', name: 'vest', confidence: 61.2 }),
    ]);
    const stored = await request(runtime, 'GET', `/frames/${reply.json.frameId}`);
    expect(stored.json.persons.map((p: { customLabels: unknown }) => p.customLabels)).toEqual(
      reply.json.persons.map((p: { customLabels: unknown }) => p.customLabels),
    );
  });

  it('alerts with the custom type in the body, the texts and the missingEquipment attribute', async () => {
    const reply = await post({ cameraId: 'cam-yard-2', location: 'yard/south' });
    await runtime.idle();

    const [alert] = await alertsFor(runtime, reply.json.frameId);
    expect(alert).toMatchObject({
      subject: 'PPE alert at cam-yard-2 (yard/south): 1 without high vis vest',
      attributes: {
        eventType: 'PPE_VIOLATION',
        cameraId: 'cam-yard-2',
        location: 'yard/south',
        missingEquipment: ['HIGH_VIS_VEST'],
      },
      message: { violations: [{ personId: 2, missingEquipment: ['HIGH_VIS_VEST'] }] },
    });
    expect((alert as { smsText?: string } | undefined)?.smsText).toContain(
      '1 without high vis vest',
    );
  });

  it('counts the custom type in the compliance report and the timeline', async () => {
    await post({
      cameraId: 'cam-yard-3',
      location: 'yard/east',
      capturedAt: '2026-11-27T09:00:00Z',
    });

    const report = await request(
      runtime,
      'GET',
      '/reports/compliance?from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z&groupBy=location',
    );
    const group = report.json.groups.find((g: { location: string }) => g.location === 'yard/east');
    expect(group.total).toMatchObject({
      persons: 4,
      compliant: 2,
      violations: 1,
      indeterminate: 1,
      violationsByEquipment: { HIGH_VIS_VEST: 1 },
    });
    const timeline = await request(runtime, 'GET', '/cameras/cam-yard-3/frames');
    expect(timeline.json.items[0].missingEquipment).toEqual(['HIGH_VIS_VEST']);
  });

  it('answers the S3 path from the same recordings, metadata naming the custom type', async () => {
    const s3 = s3ClientFor(runtime);
    await s3.send(
      new PutObjectCommand({
        Bucket: runtime.bucket,
        Key: 'incoming/cam-s3-vest/a.jpg',
        Body: sampleImage,
        ContentType: 'image/jpeg',
        Metadata: { 'required-equipment': 'high_vis_vest' },
      }),
    );
    s3.destroy();
    await runtime.idle();

    const timeline = await request(runtime, 'GET', '/cameras/cam-s3-vest/frames');
    expect(timeline.json.items).toEqual([
      expect.objectContaining({
        source: 's3',
        status: 'violation',
        requiredEquipment: ['HIGH_VIS_VEST'],
        missingEquipment: ['HIGH_VIS_VEST'],
      }),
    ]);
  });

  it('answers 400 for a type the runtime does not know, naming the known ones', async () => {
    const reply = await post({ cameraId: 'cam-x', requiredEquipment: ['GOGGLES'] });

    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toContain(
      '"GOGGLES" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER, HIGH_VIS_VEST',
    );
  });

  it('answers NO_RECORDING naming the file to add when the Custom Labels recording is missing', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      image: lonelyImage.toString('base64'),
      cameraId: 'cam-lonely',
      requiredEquipment: ['HIGH_VIS_VEST'],
    });

    expect(reply.status).toBe(422);
    expect(reply.json.error.code).toBe('NO_RECORDING');
    expect(reply.json.error.message).toContain(
      join(
        replayDir,
        `${imageSha256(lonelyImage)}.custom-labels.ppe-vests.ppe-vests.2026-11-20T10.00.00.json`,
      ),
    );
    const timeline = await request(runtime, 'GET', '/cameras/cam-lonely/frames');
    expect(timeline.json.items).toEqual([]);
  });

  it('judges vests uncertain for everyone while the model is not running', async () => {
    runtime.setStoppedModels([VEST_MODEL]);
    try {
      const reply = await post({
        cameraId: 'cam-stopped',
        requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
      });

      expect(reply.status).toBe(200);
      expect(reply.json.unavailableEquipment).toEqual(['HIGH_VIS_VEST']);
      expect(reply.json.summary.personsIndeterminate).toEqual([0, 1, 2, 3]);
    } finally {
      runtime.setStoppedModels([]);
    }
  });
});
