import {
  DetectCustomLabelsCommand,
  DetectProtectiveEquipmentCommand,
} from '@aws-sdk/client-rekognition';
import { HeadObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { GOGGLES, GOGGLES_MODEL, HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';
import { fixtureCustomLabels, fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, queryEvent, usePipeline } from '../support/pipeline.js';
import { s3Event, sqsEvent, sqsRecord } from '../support/s3-events.js';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} from the mock`), {
    name,
    $metadata: { httpStatusCode: status },
  });

const ctx = usePipeline({
  customEquipment: [HIGH_VIS_VEST, GOGGLES],
  arrange: (pipeline) => {
    pipeline.rekognition.on(DetectCustomLabelsCommand).resolves(fixtureCustomLabels);
    pipeline.s3
      .on(HeadObjectCommand)
      .resolves({ ContentLength: 2_582_374, ContentType: 'image/jpeg', Metadata: {} });
    pipeline.s3.on(PutObjectTaggingCommand).resolves({});
    pipeline.sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  },
});

const image = fixtureImage.toString('base64');
const post = async (body: Record<string, unknown>) => {
  const response = await ctx.pipeline.apiIngest(postFrameEvent({ image, ...body }));
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe('POST /frames requiring custom equipment', () => {
  it('runs DetectCustomLabels on the same bytes beside DetectProtectiveEquipment', async () => {
    const { status, body } = await post({
      cameraId: 'cam-c1',
      requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
    });

    expect(status).toBe(200);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(DetectCustomLabelsCommand, 1);
    const call = ctx.pipeline.rekognition.commandCalls(DetectCustomLabelsCommand)[0]?.args[0].input;
    expect(call?.ProjectVersionArn).toBe(VEST_MODEL);
    expect(call?.MinConfidence).toBe(50);
    expect(Buffer.from(call?.Image?.Bytes ?? new Uint8Array()).equals(fixtureImage)).toBe(true);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandWith(DetectProtectiveEquipmentCommand, {
      SummarizationAttributes: { MinConfidence: 80, RequiredEquipmentTypes: ['HEAD_COVER'] },
    });
    expect(body.requiredEquipment).toEqual(['HEAD_COVER', 'HIGH_VIS_VEST']);
    expect(body.summary).toEqual({
      personsWithRequiredEquipment: [0, 3],
      personsWithoutRequiredEquipment: [2],
      personsIndeterminate: [1],
    });
    expect(body.persons[2]).toMatchObject({
      status: 'violation',
      missingEquipment: ['HIGH_VIS_VEST'],
    });
  });

  it('calls each model a frame needs once, and none that it does not', async () => {
    await post({ cameraId: 'cam-c2', requiredEquipment: ['GOGGLES', 'HIGH_VIS_VEST'] });
    expect(
      ctx.pipeline.rekognition
        .commandCalls(DetectCustomLabelsCommand)
        .map((c) => c.args[0].input.ProjectVersionArn)
        .sort(),
    ).toEqual([GOGGLES_MODEL, VEST_MODEL].sort());
    // Only custom types: PPE still finds the persons, without a Summary to ask for.
    expect(
      ctx.pipeline.rekognition.commandCalls(DetectProtectiveEquipmentCommand)[0]?.args[0].input
        .SummarizationAttributes,
    ).toBeUndefined();
  });

  it('makes no Custom Labels call for a frame that requires only built-in types', async () => {
    await post({ cameraId: 'cam-c3', requiredEquipment: ['HEAD_COVER'] });

    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(DetectCustomLabelsCommand, 0);
  });

  it('answers 400 for a type that is neither built in nor configured, naming the known ones', async () => {
    const { status, body } = await post({ cameraId: 'cam-c4', requiredEquipment: ['HARNESS'] });

    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'INVALID_FIELD',
      field: 'requiredEquipment.0',
      message:
        '"requiredEquipment.0" "HARNESS" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER, HIGH_VIS_VEST, GOGGLES (custom types come from the "customEquipment" configuration).',
    });
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      0,
    );
  });
});

describe('a Custom Labels model that is not running', () => {
  it('stores the frame with the type uncertain for everyone, and counts it', async () => {
    ctx.pipeline.rekognition
      .on(DetectCustomLabelsCommand)
      .rejects(awsError('ResourceNotReadyException', 400));

    const { status, body } = await post({
      cameraId: 'cam-n1',
      requiredEquipment: ['HAND_COVER', 'HIGH_VIS_VEST'],
    });

    expect(status).toBe(200);
    expect(body.unavailableEquipment).toEqual(['HIGH_VIS_VEST']);
    expect(body.persons.map((p: { status: string }) => p.status)).toEqual(
      Array(4).fill('violation'),
    );
    expect(body.persons[0]).toMatchObject({
      missingEquipment: ['HAND_COVER'],
      uncertainEquipment: ['HIGH_VIS_VEST'],
    });
    expect(ctx.pipeline.counts.CustomModelNotReady).toBe(1);
  });

  it('answers 503 for a throttled Custom Labels call, storing nothing', async () => {
    ctx.pipeline.rekognition
      .on(DetectCustomLabelsCommand)
      .rejects(awsError('ThrottlingException', 400));

    const response = await ctx.pipeline.apiIngest(
      postFrameEvent(
        { image, cameraId: 'cam-n2', requiredEquipment: ['HIGH_VIS_VEST'] },
        { 'Idempotency-Key': 'n2-1' },
      ),
    );

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).error.code).toBe('DETECTOR_THROTTLED');
    expect(ctx.pipeline.counts.Frames).toBeUndefined();
  });

  it('answers CONFIGURATION_ERROR naming DetectCustomLabels when Rekognition denies it', async () => {
    ctx.pipeline.rekognition
      .on(DetectCustomLabelsCommand)
      .rejects(awsError('AccessDeniedException', 400));

    const { status, body } = await post({ cameraId: 'cam-n4', requiredEquipment: ['GOGGLES'] });

    expect(status).toBe(500);
    expect(body.error.code).toBe('CONFIGURATION_ERROR');
    expect(body.error.message).toContain('rekognition:DetectCustomLabels');
  });

  it('answers CONFIGURATION_ERROR for a model version that does not exist', async () => {
    ctx.pipeline.rekognition
      .on(DetectCustomLabelsCommand)
      .rejects(awsError('ResourceNotFoundException', 400));

    const { status, body } = await post({ cameraId: 'cam-n3', requiredEquipment: ['GOGGLES'] });

    expect(status).toBe(500);
    expect(body.error.code).toBe('CONFIGURATION_ERROR');
    expect(body.error.message).toContain('projectVersionArn');
  });
});

describe('the S3 path requiring custom equipment', () => {
  it('sends DetectCustomLabels the same object version as DetectProtectiveEquipment', async () => {
    ctx.pipeline.s3.on(HeadObjectCommand).resolves({
      ContentLength: 1000,
      ContentType: 'image/jpeg',
      Metadata: { 'required-equipment': 'high_vis_vest' },
    });

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-s1/a.jpg', { versionId: 'v-3' }))),
    );

    expect(response.batchItemFailures).toEqual([]);
    const object = { Bucket: 'ingest-bucket', Name: 'incoming/cam-s1/a.jpg', Version: 'v-3' };
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandWith(DetectCustomLabelsCommand, {
      Image: { S3Object: object },
    });
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandWith(DetectProtectiveEquipmentCommand, {
      Image: { S3Object: object },
    });
  });

  it('stores metadata naming an unknown type as a rejection that names the known ones', async () => {
    ctx.pipeline.s3.on(HeadObjectCommand).resolves({
      ContentLength: 1000,
      ContentType: 'image/jpeg',
      Metadata: { 'required-equipment': 'HARNESS' },
    });

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-s2/a.jpg'))));

    const frame = (await ctx.table.scan()).find(
      (item) => item.sk === 'FRAME' && item.cameraId === 'cam-s2',
    );
    expect(frame?.rejection).toEqual({
      reason: 'bad-metadata',
      message:
        'Metadata "x-amz-meta-required-equipment": "HARNESS" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER, HIGH_VIS_VEST, GOGGLES (custom types come from the "customEquipment" configuration).',
    });
  });
});

describe('custom equipment in alerts and reports', () => {
  it('names the custom type in the alert body, subject and missingEquipment attribute', async () => {
    const before = ctx.table.streamRecords().length;
    await post({
      cameraId: 'cam-a1',
      location: 'yard',
      requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
    });
    await ctx.pipeline.alertPublisher({
      Records: ctx.table.streamRecords().slice(before),
    } as DynamoDBStreamEvent);

    const input = ctx.pipeline.sns.commandCalls(PublishCommand)[0]?.args[0].input;
    const body = JSON.parse(JSON.parse(input?.Message ?? '').default);
    expect(body.violations).toEqual([
      expect.objectContaining({ personId: 2, missingEquipment: ['HIGH_VIS_VEST'] }),
    ]);
    expect(input?.Subject).toBe('PPE alert at cam-a1 (yard): 1 without high vis vest');
    expect(input?.MessageAttributes?.missingEquipment).toEqual({
      DataType: 'String.Array',
      StringValue: JSON.stringify(['HIGH_VIS_VEST']),
    });
  });

  it('counts custom types under violationsByEquipment, in the report and the timeline', async () => {
    await post({
      cameraId: 'cam-r1',
      capturedAt: '2026-11-27T10:00:00Z',
      requiredEquipment: ['HAND_COVER', 'HIGH_VIS_VEST'],
    });

    const report = await ctx.pipeline.queryResults(
      queryEvent('/reports/compliance', {
        from: '2026-11-27T00:00:00Z',
        to: '2026-11-28T00:00:00Z',
        groupBy: 'camera',
      }),
    );
    const group = JSON.parse(report.body).groups.find(
      (g: { camera?: string }) => g.camera === 'cam-r1',
    );
    expect(group.total.violationsByEquipment).toEqual({ HAND_COVER: 4, HIGH_VIS_VEST: 1 });

    const timeline = await ctx.pipeline.queryResults(
      queryEvent('/cameras/{cameraId}/frames', {}, 'cam-r1'),
    );
    expect(JSON.parse(timeline.body).items[0].missingEquipment).toEqual([
      'HAND_COVER',
      'HIGH_VIS_VEST',
    ]);
  });

  it('lists violators missing a custom type under GET /violations?equipment=', async () => {
    const { body } = await post({
      cameraId: 'cam-v1',
      capturedAt: '2026-11-27T23:00:00Z',
      requiredEquipment: ['HEAD_COVER', 'HIGH_VIS_VEST'],
    });

    const listed = await ctx.pipeline.queryResults(
      queryEvent('/violations', { equipment: 'HIGH_VIS_VEST', cameraId: 'cam-v1' }),
    );
    expect(JSON.parse(listed.body).items).toEqual([
      expect.objectContaining({
        frameId: body.frameId,
        personId: 2,
        missingEquipment: ['HIGH_VIS_VEST'],
      }),
    ]);
  });
});
