import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { PolicySet } from '../../lambda/domain/policy.js';
import { resolvePolicyRules } from '../../lambda/schemas/policy.js';
import { fixtureImage, fixtureRecording } from '../support/fixtures.js';
import { postFrameEvent, testPolicies, usePipeline } from '../support/pipeline.js';
import { s3Event, sqsEvent, sqsRecord } from '../support/s3-events.js';

const policies: PolicySet = resolvePolicyRules(testPolicies.default, [
  {
    id: 'food-plant',
    locationPrefix: 'plant-3/',
    requiredEquipment: ['HAND_COVER'],
    minConfidence: 95,
  },
  {
    id: 'gate',
    cameras: ['cam-gate'],
    requiredEquipment: ['HEAD_COVER'],
    alertOnIndeterminate: true,
  },
]);

const image = fixtureImage.toString('base64');
const ctx = usePipeline({ policies: policies });

const post = async (body: Record<string, unknown>) =>
  JSON.parse((await ctx.pipeline.apiIngest(postFrameEvent({ image, ...body }))).body);

describe('policies on the API path', () => {
  it('applies the policy of the location prefix when the request is silent, and records it', async () => {
    const result = await post({ cameraId: 'cam-p1', location: 'plant-3/line-2' });

    expect(result).toMatchObject({
      policy: 'food-plant',
      requiredEquipment: ['HAND_COVER'],
      minConfidence: 95,
      status: 'violation',
    });
  });

  it('lets the request override what the policy requires', async () => {
    const result = await post({
      cameraId: 'cam-p1',
      location: 'plant-3/line-2',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 85,
    });

    expect(result).toMatchObject({
      policy: 'food-plant',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 85,
    });
  });

  it('prefers the camera policy over the location one', async () => {
    const result = await post({ cameraId: 'cam-gate', location: 'plant-3/gate' });

    expect(result).toMatchObject({ policy: 'gate', requiredEquipment: ['HEAD_COVER'] });
  });

  it('alerts on indeterminate persons where the policy says so', async () => {
    const unsure = {
      ...fixtureRecording.response,
      Summary: undefined,
      Persons: fixtureRecording.response.Persons?.map((person) => ({ ...person, Confidence: 60 })),
    };
    ctx.pipeline.rekognition.on(DetectProtectiveEquipmentCommand).resolves(unsure);

    const atGate = await post({ cameraId: 'cam-gate' });
    const elsewhere = await post({ cameraId: 'cam-p2' });

    expect(atGate).toMatchObject({ status: 'indeterminate', alert: true });
    expect(elsewhere).toMatchObject({ status: 'indeterminate', alert: false });
  });
});

describe('policies on the S3 path', () => {
  it('applies the policy of the location in the metadata, and the metadata overrides it', async () => {
    ctx.pipeline.s3
      .on(HeadObjectCommand)
      .resolvesOnce({
        ContentLength: 1000,
        ContentType: 'image/jpeg',
        Metadata: { location: 'plant-3/a' },
      })
      .resolves({
        ContentLength: 1000,
        ContentType: 'image/jpeg',
        Metadata: { location: 'plant-3/b', 'min-confidence': '70' },
      });

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-p3/a.jpg'))));
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-p3/b.jpg'))));

    const frames = (await ctx.table.scan()).filter(
      (item) => item.sk === 'FRAME' && item.cameraId === 'cam-p3',
    );
    expect(
      frames.map((f) => [f.location, f.policy, f.requiredEquipment, f.minConfidence]).sort(),
    ).toEqual([
      ['plant-3/a', 'food-plant', ['HAND_COVER'], 95],
      ['plant-3/b', 'food-plant', ['HAND_COVER'], 70],
    ]);
  });
});
