import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixtureImage, fixtureRecording } from '../support/fixtures.js';
import {
  getFrameEvent,
  postFrameEvent,
  queryEvent,
  usePipeline,
  wirePipeline,
} from '../support/pipeline.js';
import { s3Event, sqsEvent, sqsRecord } from '../support/s3-events.js';

const ctx = usePipeline();

const frame = { image: fixtureImage.toString('base64'), cameraId: 'cam-se1' };
const bodyOf = (response: { body: string }) => JSON.parse(response.body);

/** A DynamoDB error as the SDK raises it. */
const dynamoError = (name: string, status: number, fields: object = {}) =>
  Object.assign(new Error(`${name} from the test`), {
    name,
    $metadata: { httpStatusCode: status },
    ...fields,
  });
const cancelled = (...codes: string[]) =>
  dynamoError('TransactionCanceledException', 400, {
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/**
 * The pipeline on the local table, except that every call named `command` (or every call) fails
 * with `error`, as DynamoDB answers a throttled or failing request.
 */
function failing(error: Error, command?: string) {
  const real = ctx.table.client;
  const client = {
    send: (sent: { constructor: { name: string } }) =>
      command === undefined || sent.constructor.name === command
        ? Promise.reject(error)
        : real.send(sent as never),
  } as unknown as DynamoDBDocumentClient;
  const pipeline = wirePipeline({ ...ctx.table, client });
  pipeline.rekognition.on(DetectProtectiveEquipmentCommand).resolves(fixtureRecording.response);
  pipeline.s3.on(HeadObjectCommand).resolves({ ContentLength: 1000, ContentType: 'image/jpeg' });
  return pipeline;
}

describe('a DynamoDB failure that a retry can fix', () => {
  it.each([
    ['ProvisionedThroughputExceededException', 400, 'STORE_THROTTLED', '2'],
    ['ThrottlingException', 400, 'STORE_THROTTLED', '2'],
    ['RequestLimitExceeded', 400, 'STORE_THROTTLED', '2'],
    ['InternalServerError', 500, 'STORE_UNAVAILABLE', '5'],
    ['ServiceUnavailable', 503, 'STORE_UNAVAILABLE', '5'],
  ])('answers POST /frames with 503 and Retry-After on %s', async (name, status, code, after) => {
    const pipeline = failing(dynamoError(name, status));

    const response = await pipeline.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBe(after);
    expect(bodyOf(response).error).toMatchObject({
      code,
      message: expect.stringContaining('Retry-After'),
    });
    pipeline.restore();
  });

  it('answers 503 when the commit is cancelled for throttling, after Rekognition answered', async () => {
    const pipeline = failing(cancelled('None', 'ThrottlingError'), 'TransactWriteCommand');

    const response = await pipeline.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(503);
    expect(bodyOf(response).error.code).toBe('STORE_THROTTLED');
    pipeline.restore();
  });

  it('answers 503 once conflicting commits outlast the retries, and leaves no claim behind', async () => {
    const pipeline = failing(cancelled('None', 'TransactionConflict'), 'TransactWriteCommand');

    const response = await pipeline.apiIngest(
      postFrameEvent({ ...frame, cameraId: 'cam-se2' }, { 'Idempotency-Key': 'conflicted' }),
    );

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBeDefined();
    expect(pipeline.rekognition).toHaveReceivedCommandTimes(DetectProtectiveEquipmentCommand, 1);
    const left = (await ctx.table.scan()).filter((item) => item.state === 'PROCESSING');
    expect(left).toEqual([]);
    pipeline.restore();
  });

  it.each([
    ['GET /frames/{frameId}', getFrameEvent('k-123')],
    ['GET /cameras/{cameraId}/frames', queryEvent('/cameras/{cameraId}/frames', {}, 'cam-1')],
    ['GET /reports/compliance', queryEvent('/reports/compliance')],
  ])('answers %s with 503 and Retry-After while DynamoDB throttles', async (route, event) => {
    const pipeline = failing(dynamoError('ProvisionedThroughputExceededException', 400));

    const response = route.startsWith('GET /frames')
      ? await pipeline.getFrame(event)
      : await pipeline.queryResults(event);

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBe('2');
    expect(bodyOf(response).error.code).toBe('STORE_THROTTLED');
    pipeline.restore();
  });

  it('reports an S3 object as a batch item failure, so that SQS redelivers it', async () => {
    const pipeline = failing(dynamoError('ThrottlingException', 400));
    const record = sqsRecord(s3Event('incoming/cam-se3/a.jpg'));

    const response = await pipeline.s3Ingest(sqsEvent(record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    pipeline.restore();
  });
});

describe('a DynamoDB failure that no retry fixes', () => {
  it('still answers 500 INTERNAL_ERROR', async () => {
    const pipeline = failing(dynamoError('AccessDeniedException', 400));

    const response = await pipeline.apiIngest(postFrameEvent(frame));

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response).error.code).toBe('INTERNAL_ERROR');
    pipeline.restore();
  });
});
