import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { BAD_FRAME_REQUESTS } from '../support/bad-frame-requests.js';
import { fixtureImage, fixtureRecording } from '../support/fixtures.js';
import { makePng } from '../support/images.js';
import { postFrameEvent, usePipeline, wirePipeline } from '../support/pipeline.js';

const image = fixtureImage.toString('base64');
const frame = {
  image,
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  capturedAt: '2026-11-27T09:00:00Z',
};
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} from the mock`), {
    name,
    $metadata: { httpStatusCode: status },
  });

const ctx = usePipeline();

const bodyOf = (response: { body: string }) => JSON.parse(response.body);
const itemsOf = async (frameId: string) =>
  (await ctx.table.scan()).filter((item) => item.pk === `FRAME#${frameId}`);

describe('POST /frames', () => {
  it('answers with a verdict per person that equals the fixture Summary', async () => {
    const response = await ctx.pipeline.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body).toMatchObject({
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 80,
      modelVersion: '1.0',
      alert: false,
    });
    expect(body.summary).toEqual({
      personsWithRequiredEquipment: fixtureRecording.response.Summary.PersonsWithRequiredEquipment,
      personsWithoutRequiredEquipment: [],
      personsIndeterminate: [],
    });
  });

  it('stores one frame record and one record per person', async () => {
    const { frameId } = bodyOf(await ctx.pipeline.apiIngest(postFrameEvent(frame)));

    const items = await itemsOf(frameId);
    expect(items.map((item) => item.sk).sort()).toEqual([
      'FRAME',
      'PERSON#00',
      'PERSON#01',
      'PERSON#02',
      'PERSON#03',
    ]);
    expect(items.filter((i) => i.sk !== 'FRAME').map((i) => i.status)).toEqual(
      Array(4).fill('compliant'),
    );
  });

  it('sends the image bytes and the summarization attributes to Rekognition', async () => {
    await ctx.pipeline.apiIngest(
      postFrameEvent({ ...frame, requiredEquipment: ['HEAD_COVER'], minConfidence: 90 }),
    );

    const [call] = ctx.pipeline.rekognition.commandCalls(DetectProtectiveEquipmentCommand);
    const input = call?.args[0].input;
    expect(Buffer.compare(Buffer.from(input?.Image?.Bytes ?? []), fixtureImage)).toBe(0);
    expect(input?.SummarizationAttributes).toEqual({
      MinConfidence: 90,
      RequiredEquipmentTypes: ['HEAD_COVER'],
    });
  });

  it('raises an alert, and queues it on the frame record, when someone lacks required equipment', async () => {
    const response = await ctx.pipeline.apiIngest(
      postFrameEvent({ ...frame, requiredEquipment: ['HAND_COVER'] }),
    );
    const body = bodyOf(response);

    expect(body.alert).toBe(true);
    expect(body.persons[0]).toMatchObject({
      status: 'violation',
      missingEquipment: ['HAND_COVER'],
    });
    const [frameItem] = (await itemsOf(body.frameId)).filter((item) => item.sk === 'FRAME');
    expect(frameItem?.alertState).toBe('PENDING');
  });

  it('accepts a data: URL prefix and line breaks in the base64', async () => {
    const wrapped = `data:image/jpeg;base64,${image.replace(/(.{76})/g, '$1\n')}`;

    const response = await ctx.pipeline.apiIngest(postFrameEvent({ ...frame, image: wrapped }));

    expect(response.statusCode).toBe(200);
  });

  it('defaults capturedAt to the time of receipt', async () => {
    const { capturedAt: _c, ...rest } = frame;
    const before = Date.now();

    const body = bodyOf(await ctx.pipeline.apiIngest(postFrameEvent(rest)));

    expect(Date.parse(body.capturedAt)).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe('POST /frames with an Idempotency-Key', () => {
  it('returns the first result to a retry without a second Rekognition call or record', async () => {
    const headers = { 'Idempotency-Key': 'retry-1' };
    const first = await ctx.pipeline.apiIngest(
      postFrameEvent({ ...frame, requiredEquipment: ['HAND_COVER'] }, headers),
    );
    const second = await ctx.pipeline.apiIngest(
      postFrameEvent({ ...frame, requiredEquipment: ['HAND_COVER'] }, headers),
    );

    expect(second.statusCode).toBe(200);
    expect(bodyOf(second)).toEqual(bodyOf(first));
    expect(second.headers?.['Idempotent-Replayed']).toBe('true');
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      1,
    );
    expect(await itemsOf(bodyOf(first).frameId)).toHaveLength(5);
    const pendingAlerts = ctx.table
      .streamRecords()
      .filter(
        (r) =>
          r.dynamodb?.NewImage?.alertState?.S === 'PENDING' &&
          r.dynamodb.NewImage.frameId?.S === bodyOf(first).frameId,
      );
    expect(pendingAlerts).toHaveLength(1);
  });

  it('refuses the same key for a different frame with 422', async () => {
    const headers = { 'Idempotency-Key': 'reused-1' };
    await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));

    const other = await ctx.pipeline.apiIngest(
      postFrameEvent({ ...frame, image: makePng(640, 480).toString('base64') }, headers),
    );

    expect(other.statusCode).toBe(422);
    expect(bodyOf(other).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('POST /frames with bad input', () => {
  it.each(BAD_FRAME_REQUESTS)(
    'answers %s with the documented error, without calling Rekognition',
    async (_name, body, status, code, message) => {
      const response = await ctx.pipeline.apiIngest(postFrameEvent(body));

      expect(response.statusCode).toBe(status);
      expect(bodyOf(response).error).toMatchObject({
        code,
        message: expect.stringMatching(message),
      });
      expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
        DetectProtectiveEquipmentCommand,
        0,
      );
    },
  );

  it('refuses an Idempotency-Key with control characters', async () => {
    const response = await ctx.pipeline.apiIngest(
      postFrameEvent(frame, { 'idempotency-key': 'a b' }),
    );

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});

describe('POST /frames when Rekognition fails', () => {
  it('answers 503 with Retry-After while Rekognition throttles, and the retry then succeeds', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejectsOnce(awsError('ThrottlingException', 400))
      .resolves(fixtureRecording.response);
    const headers = { 'Idempotency-Key': 'throttled-1' };

    const throttled = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));
    const retried = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));

    expect(throttled.statusCode).toBe(503);
    expect(throttled.headers?.['Retry-After']).toBe('2');
    expect(bodyOf(throttled).error.code).toBe('DETECTOR_THROTTLED');
    expect(retried.statusCode).toBe(200);
    expect(await itemsOf(bodyOf(retried).frameId)).toHaveLength(5);
  });

  it('answers 503 when Rekognition has an internal error', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('InternalServerError', 500));

    const response = await ctx.pipeline.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(503);
    expect(bodyOf(response).error.code).toBe('DETECTOR_UNAVAILABLE');
  });

  it('stores an image Rekognition cannot read as a rejection and answers 400', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('InvalidImageFormatException', 400));
    const headers = { 'Idempotency-Key': 'invalid-1' };

    const response = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));
    const retried = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringMatching(/JPEG or PNG/),
    });
    const [stored] = await itemsOf(bodyOf(response).error.frameId);
    expect(stored).toMatchObject({ status: 'rejected', rejection: { reason: 'not-an-image' } });
    expect(retried.statusCode).toBe(400);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      1,
    );
    expect(ctx.pipeline.rejections).toEqual(['not-an-image']);
  });

  it('answers 500 CONFIGURATION_ERROR naming what Rekognition denied, stores nothing, and succeeds once fixed', async () => {
    const denied =
      'User: arn:aws:sts::123456789012:assumed-role/PpeDetection-ApiIngestRole/fn is not authorized to perform: rekognition:DetectProtectiveEquipment';
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejectsOnce(Object.assign(awsError('AccessDeniedException', 400), { message: denied }))
      .resolves(fixtureRecording.response);
    const headers = { 'Idempotency-Key': 'denied-1' };

    const response = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));
    const afterFix = await ctx.pipeline.apiIngest(postFrameEvent(frame, headers));

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response).error.code).toBe('CONFIGURATION_ERROR');
    expect(bodyOf(response).error.message).toContain(denied);
    expect(bodyOf(response).error.message).toMatch(
      /role needs rekognition:DetectProtectiveEquipment/,
    );
    expect(afterFix.statusCode).toBe(200);
    expect(afterFix.headers?.['Idempotent-Replayed']).toBeUndefined();
    expect(ctx.pipeline.rejections).toEqual([]);
  });

  it('answers 500 with a short message and no stack trace when the table is unreachable', async () => {
    const broken = wirePipeline({ ...ctx.table, tableName: 'no-such-table' });
    broken.rekognition.on(DetectProtectiveEquipmentCommand).resolves(fixtureRecording.response);

    const response = await broken.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response).error.code).toBe('INTERNAL_ERROR');
    expect(response.body).not.toMatch(/at .*\.ts:\d+|ResourceNotFound/);
    expect(broken.errors).toHaveLength(1);
  });
});
