import { PublishCommand } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../lambda/domain/frame-result.js';
import { makeAlertPublisherHandler } from '../../lambda/handlers/alert-publisher.js';
import { fixtureImage } from '../support/fixtures.js';
import { getFrameEvent, postFrameEvent, usePipeline } from '../support/pipeline.js';

const ctx = usePipeline({
  arrange: (pipeline) => {
    pipeline.sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  },
});

const image = fixtureImage.toString('base64');

/** Posts a frame and returns the stream records its commit produced. */
async function post(body: Record<string, unknown>) {
  const before = ctx.table.streamRecords().length;
  const response = await ctx.pipeline.apiIngest(postFrameEvent({ image, ...body }));
  return {
    frameId: JSON.parse(response.body).frameId as string,
    stream: { Records: ctx.table.streamRecords().slice(before) } as DynamoDBStreamEvent,
  };
}

const frameItem = async (frameId: string) =>
  (await ctx.table.scan()).find((item) => item.pk === `FRAME#${frameId}` && item.sk === 'FRAME');

describe('the alert publisher', () => {
  it('publishes the contract alert for a stored violation, with filterable attributes', async () => {
    const { frameId, stream } = await post({
      cameraId: 'cam-a1',
      location: 'dock',
      requiredEquipment: ['HAND_COVER'],
    });

    const response = await ctx.pipeline.alertPublisher(stream);

    expect(response.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = ctx.pipeline.sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(JSON.parse(JSON.parse(input?.Message ?? '').default)).toMatchObject({
      type: 'PPE_VIOLATION',
      frameId,
      cameraId: 'cam-a1',
      location: 'dock',
      source: 'api',
      requiredEquipment: ['HAND_COVER'],
      minConfidence: 80,
      personsTotal: 4,
      violations: [
        { personId: 0, missingEquipment: ['HAND_COVER'] },
        { personId: 1 },
        { personId: 2 },
        { personId: 3 },
      ],
    });
    expect(input?.Subject).toBe('PPE alert at cam-a1 (dock): 4 without hand cover');
    expect(input?.MessageAttributes).toEqual({
      eventType: { DataType: 'String', StringValue: 'PPE_VIOLATION' },
      cameraId: { DataType: 'String', StringValue: 'cam-a1' },
      location: { DataType: 'String', StringValue: 'dock' },
      missingEquipment: { DataType: 'String.Array', StringValue: '["HAND_COVER"]' },
    });
    expect(await frameItem(frameId)).toMatchObject({
      alertState: 'SENT',
      alertMessageId: 'message-1',
    });
  });

  it('sends e-mail and SMS subscribers plain text, and every other protocol the JSON contract', async () => {
    const { frameId, stream } = await post({
      cameraId: 'cam-a7',
      location: 'dock',
      requiredEquipment: ['HAND_COVER'],
    });

    await ctx.pipeline.alertPublisher(stream);

    const input = ctx.pipeline.sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.MessageStructure).toBe('json');
    const byProtocol = JSON.parse(input?.Message ?? '');
    // email-json, sqs, lambda and http(s) have no entry: SNS sends them `default`.
    expect(Object.keys(byProtocol).sort()).toEqual(['default', 'email', 'sms']);
    expect(JSON.parse(byProtocol.default)).toMatchObject({ type: 'PPE_VIOLATION', frameId });
    expect(byProtocol.email).toContain('PPE violation at cam-a7 (dock)');
    expect(byProtocol.email).toContain(`Frame: ${frameId}`);
    expect(byProtocol.sms).toMatch(
      /^PPE: 4 without hand cover at cam-a7 \(dock\), .* UTC\. Frame /,
    );
    expect(Buffer.byteLength(input?.Message ?? '')).toBeLessThan(262_144);
  });

  it('leaves the stored result in the shape of the POST response once the alert is out', async () => {
    const response = await ctx.pipeline.apiIngest(
      postFrameEvent({ image, cameraId: 'cam-a0', requiredEquipment: ['HAND_COVER'] }),
    );
    const posted = JSON.parse(response.body);
    await ctx.pipeline.alertPublisher({
      Records: ctx.table.streamRecords(),
    } as DynamoDBStreamEvent);

    const stored = await ctx.pipeline.getFrame(getFrameEvent(posted.frameId));

    expect(await frameItem(posted.frameId)).toMatchObject({ alertState: 'SENT' });
    expect(JSON.parse(stored.body)).toEqual({
      ...posted,
      persons: posted.persons.map((person: object) => ({ ...person, review: null })),
    });
  });

  it('publishes nothing when everyone complies', async () => {
    const { stream } = await post({ cameraId: 'cam-a2', requiredEquipment: ['FACE_COVER'] });

    await ctx.pipeline.alertPublisher(stream);

    expect(ctx.pipeline.sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('still sends the alert when SNS fails once: the stream redelivers it', async () => {
    ctx.pipeline.sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'message-2' });
    const { frameId, stream } = await post({
      cameraId: 'cam-a3',
      requiredEquipment: ['HAND_COVER'],
    });

    const failed = await ctx.pipeline.alertPublisher(stream);
    const retried = await ctx.pipeline.alertPublisher(stream);

    expect(failed.batchItemFailures).toEqual([
      { itemIdentifier: stream.Records[stream.Records.length - 1]?.dynamodb?.SequenceNumber },
    ]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(await frameItem(frameId)).toMatchObject({
      alertState: 'SENT',
      alertMessageId: 'message-2',
    });
  });

  it('stops at the first failure, so that the records after it are not published twice', async () => {
    ctx.pipeline.sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'message-3' });
    const first = await post({ cameraId: 'cam-a4', requiredEquipment: ['HAND_COVER'] });
    const second = await post({ cameraId: 'cam-a5', requiredEquipment: ['HAND_COVER'] });
    const batch = { Records: [...first.stream.Records, ...second.stream.Records] };

    await ctx.pipeline.alertPublisher(batch);

    expect(ctx.pipeline.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(await frameItem(second.frameId)).toMatchObject({ alertState: 'PENDING' });
  });

  it('publishes no second alert when a duplicate delivery of the frame is retried', async () => {
    const headers = { 'Idempotency-Key': 'dup-alert' };
    const body = JSON.stringify({ image, cameraId: 'cam-a6', requiredEquipment: ['HAND_COVER'] });
    const before = ctx.table.streamRecords().length;
    await ctx.pipeline.apiIngest(postFrameEvent(body, headers));
    await ctx.pipeline.apiIngest(postFrameEvent(body, headers));

    await ctx.pipeline.alertPublisher({
      Records: ctx.table.streamRecords().slice(before),
    } as DynamoDBStreamEvent);

    expect(ctx.pipeline.sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});

/** A stream record of the results table, with the item as its new image. */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
  sequence: string,
): DynamoDBRecord {
  return {
    eventName,
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall(item) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
    },
  } as DynamoDBRecord;
}

const frameRecord = (frameId: string, alertState: string) => ({
  pk: `FRAME#${frameId}`,
  sk: 'FRAME',
  state: 'DONE',
  frameId,
  cameraId: 'cam-s1',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 'api',
  requiredEquipment: ['HAND_COVER'],
  minConfidence: 80,
  policy: 'default',
  persons: [],
  alertState,
});

describe('the alert stream handler', () => {
  it('hands the use case only the frame records whose alert is pending, as frame results', async () => {
    const handed: FrameResult[] = [];
    const handler = makeAlertPublisherHandler({
      publishAlert: async (frame) => {
        handed.push(frame);
        return 'published';
      },
      logError: () => {},
    });

    const response = await handler({
      Records: [
        streamRecord('INSERT', { pk: 'FRAME#f-1', sk: 'PERSON#00', frameId: 'f-1' }, '1'),
        streamRecord('MODIFY', frameRecord('f-2', 'SENT'), '2'),
        streamRecord('REMOVE', frameRecord('f-3', 'PENDING'), '3'),
        streamRecord('INSERT', frameRecord('f-4', 'PENDING'), '4'),
      ],
    });

    expect(response.batchItemFailures).toEqual([]);
    expect(handed.map((frame) => frame.frameId)).toEqual(['f-4']);
    expect(handed[0]).toMatchObject({ cameraId: 'cam-s1', requiredEquipment: ['HAND_COVER'] });
  });

  it('reports the failed record and logs its frame id when the use case throws', async () => {
    const logged: Record<string, unknown>[] = [];
    const handler = makeAlertPublisherHandler({
      publishAlert: async () => {
        throw new Error('SNS is down');
      },
      logError: (_message, details) => logged.push(details),
    });

    const response = await handler({
      Records: [streamRecord('INSERT', frameRecord('f-5', 'PENDING'), '5')],
    });

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '5' }]);
    expect(logged).toEqual([{ frameId: 'f-5', error: 'Error: SNS is down' }]);
  });
});
