import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { usePipeline } from '../support/pipeline.js';
import { replayFixture } from '../support/replay.js';
import { s3Event, sqsEvent, sqsRecord } from '../support/s3-events.js';

const ctx = usePipeline({
  arrange: (pipeline) => {
    pipeline.s3
      .on(HeadObjectCommand)
      .resolves({ ContentLength: 2_582_374, ContentType: 'image/jpeg', Metadata: {} });
    pipeline.s3.on(PutObjectTaggingCommand).resolves({});
  },
});

const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} from the mock`), {
    name,
    $metadata: { httpStatusCode: status },
  });
const framesFor = async (cameraId: string) =>
  (await ctx.table.scan()).filter((item) => item.sk === 'FRAME' && item.cameraId === cameraId);
const headWith = (head: Record<string, unknown>) =>
  ctx.pipeline.s3
    .on(HeadObjectCommand)
    .resolves({ ContentLength: 1000, ContentType: 'image/jpeg', ...head });

describe('the S3 path', () => {
  it('analyses the object in place, with the decoded key, and stores the result', async () => {
    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-s3a/frame 1.jpg'))),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandWith(DetectProtectiveEquipmentCommand, {
      Image: { S3Object: { Bucket: 'ingest-bucket', Name: 'incoming/cam-s3a/frame 1.jpg' } },
    });
    expect(ctx.pipeline.s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
    const [stored] = await framesFor('cam-s3a');
    expect(stored).toMatchObject({
      source: 's3',
      status: 'compliant',
      capturedAt: '2026-11-27T09:00:00.000Z',
    });
  });

  it('remembers the uploaded object version as the frame image, without a copy', async () => {
    await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-s3i/a.jpg', { versionId: 'v-7' }))),
    );

    const [stored] = await framesFor('cam-s3i');
    expect(stored?.image).toEqual({
      bucket: 'ingest-bucket',
      key: 'incoming/cam-s3i/a.jpg',
      versionId: 'v-7',
    });
    expect(ctx.pipeline.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('takes the camera, time, place and requirements from the object metadata', async () => {
    headWith({
      Metadata: {
        'camera-id': 'cam-s3b',
        'captured-at': '2026-11-26T08:00:00+01:00',
        location: 'plant-3/line-2',
        'required-equipment': 'hand_cover, FACE_COVER',
        'min-confidence': '90',
      },
    });

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/upload.jpg'))));

    const [stored] = await framesFor('cam-s3b');
    expect(stored).toMatchObject({
      capturedAt: '2026-11-26T07:00:00.000Z',
      location: 'plant-3/line-2',
      requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
      minConfidence: 90,
      status: 'violation',
      alertState: 'PENDING',
    });
  });

  it('processes a duplicate delivery of the same object version once', async () => {
    const event = s3Event('incoming/cam-s3c/dup.jpg');

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(event)));
    const again = await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(event)));

    expect(again.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      1,
    );
    expect(await framesFor('cam-s3c')).toHaveLength(1);
    expect(ctx.pipeline.counts.DuplicateDeliveries).toBe(1);
  });

  it('treats an overwritten object (a new ETag) as a new frame', async () => {
    await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-s3d/a.jpg', { eTag: 'v1' }))),
    );
    await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-s3d/a.jpg', { eTag: 'v2' }))),
    );

    expect(await framesFor('cam-s3d')).toHaveLength(2);
  });

  it('ignores the test event S3 sends when notifications are set up', async () => {
    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'ingest-bucket' })),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      0,
    );
  });

  it('reports a message that is not an S3 event as failed, so that it reaches the DLQ', async () => {
    const record = sqsRecord('not json');

    const response = await ctx.pipeline.s3Ingest(sqsEvent(record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  });
});

describe('the S3 path with bad objects', () => {
  const cases: [string, string, () => void, string, RegExp][] = [
    [
      'a text file',
      'incoming/cam-r1/notes.txt',
      () => headWith({ ContentType: 'text/plain' }),
      'not-an-image',
      /Content-Type is text\/plain/,
    ],
    [
      'an empty object',
      'incoming/cam-r2/empty.jpg',
      () => headWith({ ContentLength: 0 }),
      'not-an-image',
      /empty/,
    ],
    [
      'a 16 MB image',
      'incoming/cam-r3/big.jpg',
      () => headWith({ ContentLength: 16 * 1024 * 1024 }),
      'too-large',
      /16\.0 MB; Rekognition reads at most 15 MB/,
    ],
    [
      'a bad min-confidence',
      'incoming/cam-r5/a.jpg',
      () => headWith({ Metadata: { 'min-confidence': 'high' } }),
      'bad-metadata',
      /"x-amz-meta-min-confidence" must be a number from 50 to 100/,
    ],
    [
      'an unknown equipment type',
      'incoming/cam-r6/a.jpg',
      () => headWith({ Metadata: { 'required-equipment': 'head_cover,boots' } }),
      'bad-metadata',
      /"x-amz-meta-required-equipment": "BOOTS" is not an equipment type of this stack: use FACE_COVER, HEAD_COVER, HAND_COVER/,
    ],
    [
      'a malformed equipment type',
      'incoming/cam-r6/b.jpg',
      () => headWith({ Metadata: { 'required-equipment': 'head cover!' } }),
      'bad-metadata',
      /"x-amz-meta-required-equipment" must be a comma list/,
    ],
    [
      'a capture time without a zone',
      'incoming/cam-r7/a.jpg',
      () => headWith({ Metadata: { 'captured-at': 'yesterday' } }),
      'bad-metadata',
      /"x-amz-meta-captured-at"/,
    ],
  ];

  it.each(cases)(
    'stores %s as a tagged rejection without calling Rekognition',
    async (_name, key, arrange, reason, message) => {
      arrange();

      const response = await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event(key))));

      expect(response.batchItemFailures).toEqual([]);
      const cameraId = key.split('/')[1] ?? '';
      const [stored] = await framesFor(cameraId);
      expect(stored).toMatchObject({
        status: 'rejected',
        rejection: { reason, message: expect.stringMatching(message) },
      });
      expect(ctx.pipeline.s3).toHaveReceivedCommandWith(PutObjectTaggingCommand, {
        Key: key,
        Tagging: {
          TagSet: [
            { Key: 'ppe-status', Value: 'rejected' },
            { Key: 'ppe-reason', Value: reason },
          ],
        },
      });
      expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
        DetectProtectiveEquipmentCommand,
        0,
      );
    },
  );

  it('rejects an object with no camera id in its metadata or its key', async () => {
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/loose-frame.jpg'))));

    const [stored] = await framesFor('unknown');
    expect(stored?.rejection).toMatchObject({
      reason: 'bad-metadata',
      message: expect.stringMatching(/x-amz-meta-camera-id/),
    });
  });

  it('stores an image Rekognition cannot read as a tagged rejection', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('InvalidImageFormatException', 400));

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-r8/fake.jpg'))),
    );

    expect(response.batchItemFailures).toEqual([]);
    const [stored] = await framesFor('cam-r8');
    expect(stored?.rejection).toMatchObject({ reason: 'not-an-image' });
    expect(ctx.pipeline.s3).toHaveReceivedCommandTimes(PutObjectTaggingCommand, 1);
  });
});

describe('the S3 path when Rekognition denies access', () => {
  it('fails the message for SQS to retry and dead-letter, with no rejection stored and no tag', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('AccessDeniedException', 400));
    const record = sqsRecord(s3Event('incoming/cam-d1/a.jpg'));

    const response = await ctx.pipeline.s3Ingest(sqsEvent(record));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await framesFor('cam-d1')).toEqual([]);
    expect((await ctx.table.scan()).filter((item) => item.state === 'PROCESSING')).toEqual([]);
    expect(ctx.pipeline.s3).toHaveReceivedCommandTimes(PutObjectTaggingCommand, 0);
  });
});

describe('the S3 path when the object changed before processing', () => {
  /** S3's answers: HeadObject of a missing key or version is a bare 404, tagging one NoSuchKey. */
  const gone = () => {
    ctx.pipeline.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 404));
    ctx.pipeline.s3.on(PutObjectTaggingCommand).rejects(awsError('NoSuchKey', 404));
  };
  const storedFor = async (cameraId: string) => (await framesFor(cameraId))[0];

  it('stores an object deleted before processing as a rejection, untagged and not retried', async () => {
    gone();

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-g1/gone.jpg'))),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(await storedFor('cam-g1')).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'unreadable', message: expect.stringMatching(/deleted or expired/) },
    });
    expect(ctx.pipeline.s3).toHaveReceivedCommandTimes(PutObjectTaggingCommand, 0);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      0,
    );
  });

  it('stores a deleted version of a versioned bucket the same way', async () => {
    gone();

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-g2/gone.jpg', { versionId: 'v-expired' }))),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.s3).toHaveReceivedCommandWith(HeadObjectCommand, {
      Key: 'incoming/cam-g2/gone.jpg',
      VersionId: 'v-expired',
    });
    expect((await storedFor('cam-g2'))?.rejection).toMatchObject({ reason: 'unreadable' });
  });

  it('does not analyse an overwritten object under the old event', async () => {
    // S3 answers a HeadObject whose If-Match no longer holds with a bare 412.
    ctx.pipeline.s3.on(HeadObjectCommand).rejects(awsError('PreconditionFailed', 412));

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-g3/a.jpg', { eTag: 'old-bytes' }))),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(ctx.pipeline.s3).toHaveReceivedCommandWith(HeadObjectCommand, {
      IfMatch: '"old-bytes"',
    });
    expect((await storedFor('cam-g3'))?.rejection).toMatchObject({
      reason: 'unreadable',
      message: expect.stringMatching(/overwritten before it could be analysed/),
    });
    expect(ctx.pipeline.s3).toHaveReceivedCommandTimes(PutObjectTaggingCommand, 0);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      0,
    );
  });

  it('reads, analyses and tags the version the event names', async () => {
    headWith({ Metadata: { 'min-confidence': 'high' } });
    const key = 'incoming/cam-g4/a.jpg';

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event(key, { versionId: 'v1' }))));
    ctx.pipeline.s3
      .on(HeadObjectCommand)
      .resolves({ ContentLength: 1000, ContentType: 'image/jpeg' });
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event(key, { versionId: 'v2' }))));

    expect(ctx.pipeline.s3).toHaveReceivedCommandWith(HeadObjectCommand, { VersionId: 'v1' });
    expect(ctx.pipeline.s3).toHaveReceivedCommandWith(PutObjectTaggingCommand, {
      Key: key,
      VersionId: 'v1',
    });
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandWith(DetectProtectiveEquipmentCommand, {
      Image: { S3Object: { Bucket: 'ingest-bucket', Name: key, Version: 'v2' } },
    });
  });

  it('keeps the rejection when the object disappears between its check and its tagging', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('InvalidS3ObjectException', 400));
    ctx.pipeline.s3.on(PutObjectTaggingCommand).rejects(awsError('NoSuchKey', 404));

    const response = await ctx.pipeline.s3Ingest(
      sqsEvent(sqsRecord(s3Event('incoming/cam-g5/a.jpg'))),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect((await storedFor('cam-g5'))?.rejection).toMatchObject({ reason: 'unreadable' });
  });
});

describe('the S3 path when Rekognition throttles', () => {
  it('fails the throttled message and the rest of its batch, then processes each once on redelivery', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .resolvesOnce(
        replayFixture({
          Image: {},
          SummarizationAttributes: { MinConfidence: 80, RequiredEquipmentTypes: ['FACE_COVER'] },
        }),
      )
      .rejectsOnce(awsError('ThrottlingException', 400))
      .callsFake(replayFixture);
    const records = ['a', 'b', 'c'].map((name) =>
      sqsRecord(s3Event(`incoming/cam-t1/${name}.jpg`)),
    );

    const first = await ctx.pipeline.s3Ingest(sqsEvent(...records));
    const failed = records.filter((r) =>
      first.batchItemFailures.some((f) => f.itemIdentifier === r.messageId),
    );
    const second = await ctx.pipeline.s3Ingest(sqsEvent(...failed));

    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      records[1]?.messageId,
      records[2]?.messageId,
    ]);
    expect(second.batchItemFailures).toEqual([]);
    expect(await framesFor('cam-t1')).toHaveLength(3);
    expect(ctx.pipeline.rekognition).toHaveReceivedCommandTimes(
      DetectProtectiveEquipmentCommand,
      4,
    );
  });

  it('leaves nothing half-stored while the message waits for redelivery', async () => {
    ctx.pipeline.rekognition
      .on(DetectProtectiveEquipmentCommand)
      .rejects(awsError('ThrottlingException', 400));

    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-t2/a.jpg'))));

    // The claim is released, so that the redelivery need not wait for its lease to run out.
    expect((await ctx.table.scan()).filter((item) => item.state === 'PROCESSING')).toEqual([]);
    expect(await framesFor('cam-t2')).toEqual([]);
  });
});
