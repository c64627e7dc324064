import { HeadObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { makeDynamoDbResultsQueries } from '../../lambda/adapters/dynamodb-results-queries.js';
import { InvalidCursorError } from '../../lambda/core/errors.js';
import { encodeNextToken } from '../../lambda/handlers/next-token.js';
import { fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, queryEvent, usePipeline } from '../support/pipeline.js';
import { s3Event, sqsEvent, sqsRecord } from '../support/s3-events.js';

const image = fixtureImage.toString('base64');
const ctx = usePipeline({
  arrange: (pipeline) => {
    pipeline.s3.on(HeadObjectCommand).resolves({ ContentLength: 1000, ContentType: 'image/jpeg' });
    pipeline.s3.on(PutObjectTaggingCommand).resolves({});
  },
});

/** Posts a frame: gloves required makes all four workers violate, face covers makes all comply. */
async function post(
  cameraId: string,
  time: string,
  gloves: boolean,
  extra: Record<string, unknown> = {},
) {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({
      image,
      cameraId,
      capturedAt: `2026-11-27T${time}Z`,
      requiredEquipment: [gloves ? 'HAND_COVER' : 'FACE_COVER'],
      ...extra,
    }),
  );
  return JSON.parse(response.body).frameId as string;
}

const timeline = async (cameraId: string, query: Record<string, string> = {}) => {
  const response = await ctx.pipeline.queryResults(
    queryEvent('/cameras/{cameraId}/frames', query, cameraId),
  );
  return { status: response.statusCode, body: JSON.parse(response.body) };
};
const report = async (query: Record<string, string>) => {
  const response = await ctx.pipeline.queryResults(queryEvent('/reports/compliance', query));
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe('GET /cameras/{cameraId}/frames', () => {
  it('lists the frames of a camera newest first, each with its summary and what was missing', async () => {
    const older = await post('cam-t1', '09:00:00', true);
    const newer = await post('cam-t1', '09:05:00', false);
    await post('cam-other', '09:06:00', true);

    const { status, body } = await timeline('cam-t1');

    expect(status).toBe(200);
    expect(body.items.map((item: { frameId: string }) => item.frameId)).toEqual([newer, older]);
    expect(body.items[1]).toMatchObject({
      capturedAt: '2026-11-27T09:00:00.000Z',
      status: 'violation',
      personsTotal: 4,
      missingEquipment: ['HAND_COVER'],
      summary: { personsWithoutRequiredEquipment: [0, 1, 2, 3] },
      policy: 'default',
    });
    expect(body.nextToken).toBeUndefined();
  });

  it('filters by status and time, and pages with an opaque nextToken', async () => {
    for (const minute of ['00', '01', '02', '03', '04'])
      await post('cam-t2', `10:${minute}:00`, true);
    await post('cam-t2', '10:02:30', false);

    const first = await timeline('cam-t2', {
      status: 'violation',
      limit: '2',
      to: '2026-11-27T10:04:00Z',
    });
    const second = await timeline('cam-t2', {
      status: 'violation',
      limit: '2',
      to: '2026-11-27T10:04:00Z',
      nextToken: first.body.nextToken,
    });

    const times = (page: { body: { items: { capturedAt: string }[] } }) =>
      page.body.items.map((item) => item.capturedAt.slice(11, 16));
    expect(times(first)).toEqual(['10:03', '10:02']);
    expect(times(second)).toEqual(['10:01', '10:00']);
    expect(second.body.nextToken).toBeUndefined();
  });

  it('lists rejected frames with their reason', async () => {
    ctx.pipeline.s3
      .on(HeadObjectCommand)
      .resolves({ ContentLength: 10, ContentType: 'text/plain' });
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-t3/notes.txt'))));

    const { body } = await timeline('cam-t3', { status: 'rejected' });

    expect(body.items).toEqual([
      expect.objectContaining({
        status: 'rejected',
        rejection: expect.objectContaining({ reason: 'not-an-image' }),
      }),
    ]);
  });

  it.each([
    [{ from: 'yesterday' }, '"from" must be an ISO 8601'],
    [{ to: '2026-11-27' }, '"to" must be an ISO 8601'],
    [{ status: 'bad' }, '"status" must be one of violation'],
    [{ limit: '0' }, '"limit" must be a whole number from 1 to 100'],
    [{ limit: 'ten' }, '"limit" must be a whole number'],
    [{ nextToken: 'garbage' }, '"nextToken" was not issued for this camera and filter'],
    [{ from: '2026-11-27T10:00:00Z', to: '2026-11-27T09:00:00Z' }, '"from" must be before "to"'],
    [{ sort: 'asc' }, 'Unknown query parameter(s) "sort"'],
  ])('answers %j with a 400 that names the parameter', async (query, message) => {
    const { status, body } = await timeline('cam-t1', query);

    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringContaining(message),
    });
  });

  it('refuses a nextToken issued for another camera', async () => {
    for (const minute of ['00', '01']) await post('cam-t4', `11:${minute}:00`, true);
    const { body } = await timeline('cam-t4', { limit: '1' });

    const other = await timeline('cam-t1', { limit: '1', nextToken: body.nextToken });

    expect(other.status).toBe(400);
  });
});

describe('a forged nextToken', () => {
  // The token is unsigned: anyone can compute its scope hash and put any key in its cursor.
  const frameCursor = (frameId: string, cameraId = 'cam-f1') => ({
    pk: `FRAME#${frameId}`,
    sk: 'FRAME',
    gsi1pk: `CAMERA#${cameraId}`,
    gsi1sk: `2026-11-27T11:00:00.000Z#${frameId}`,
  });

  it.each([
    ["another camera's frame", frameCursor('f-1', 'cam-other')],
    ['a person record', { ...frameCursor('f-1'), sk: 'PERSON#00' }],
    ['an hourly statistics item', { ...frameCursor('f-1'), pk: 'STATS#2026-11-27' }],
    [
      'an index key of another frame',
      { ...frameCursor('f-1'), gsi1sk: '2026-11-27T11:00:00.000Z#f-2' },
    ],
    ['junk', { pk: 'x', sk: 'y', gsi1pk: 'z', gsi1sk: '' }],
  ])('answers 400, not 500, for a cursor pointing at %s', async (_what, cursor) => {
    await post('cam-f1', '11:00:00', true);

    const { status, body } = await timeline('cam-f1', {
      nextToken: encodeNextToken(cursor, { cameraId: 'cam-f1' }),
    });

    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringContaining('"nextToken" was not issued'),
    });
    expect(ctx.pipeline.errors).toEqual([]);
  });

  it('answers 400 for a cursor outside the time range the token is bound to', async () => {
    const scope = { cameraId: 'cam-f1', from: '2026-11-27T12:00:00.000Z' };
    const { status } = await timeline('cam-f1', {
      from: '2026-11-27T12:00:00Z',
      nextToken: encodeNextToken(frameCursor('f-1'), scope),
    });

    expect(status).toBe(400);
  });

  it('is refused by the store as an invalid cursor when DynamoDB rejects its start key', async () => {
    const queries = makeDynamoDbResultsQueries(ctx.table.client, ctx.table.tableName);

    const page = queries.cameraFrames({
      cameraId: 'cam-f1',
      limit: 5,
      cursor: frameCursor('f-1', 'cam-other'),
    });

    await expect(page).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('GET /reports/compliance', () => {
  const window = { from: '2026-11-26T00:00:00Z', to: '2026-11-27T00:00:00Z' };

  it('counts frames, persons and violations per camera and hour, with the compliance rate', async () => {
    await post('cam-r1', '12:10:00', true, { capturedAt: '2026-11-26T12:10:00Z' });
    await post('cam-r1', '12:20:00', false, { capturedAt: '2026-11-26T12:20:00Z' });
    await post('cam-r1', '13:00:00', false, { capturedAt: '2026-11-26T13:00:00Z' });

    const { status, body } = await report({ ...window, groupBy: 'camera', interval: 'hour' });

    expect(status).toBe(200);
    const group = body.groups.find((g: { camera: string }) => g.camera === 'cam-r1');
    expect(group.buckets).toEqual([
      {
        start: '2026-11-26T12:00:00.000Z',
        frames: 2,
        rejected: 0,
        persons: 8,
        compliant: 4,
        violations: 4,
        indeterminate: 0,
        falsePositives: 0,
        complianceRate: 0.5,
        violationsByEquipment: { HAND_COVER: 4 },
      },
      expect.objectContaining({ start: '2026-11-26T13:00:00.000Z', frames: 1, complianceRate: 1 }),
    ]);
    expect(group.total).toMatchObject({ frames: 3, compliant: 8, violations: 4 });
  });

  it('counts nothing twice under duplicate deliveries', async () => {
    const frame = { capturedAt: '2026-11-25T08:00:00Z', location: 'dup-site' };
    const headers = { 'Idempotency-Key': 'report-dup' };
    const body = { image, cameraId: 'cam-r2', requiredEquipment: ['HAND_COVER'], ...frame };
    await ctx.pipeline.apiIngest(postFrameEvent(body, headers));
    await ctx.pipeline.apiIngest(postFrameEvent(body, headers));
    ctx.pipeline.s3.on(HeadObjectCommand).resolves({
      ContentLength: 1000,
      ContentType: 'image/jpeg',
      Metadata: { 'captured-at': '2026-11-25T08:30:00Z', location: 'dup-site' },
    });
    const event = s3Event('incoming/cam-r2/a.jpg');
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(event)));
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(event)));

    const result = await report({
      from: '2026-11-25T00:00:00Z',
      to: '2026-11-26T00:00:00Z',
      groupBy: 'location',
    });

    const site = result.body.groups.find((g: { location: string }) => g.location === 'dup-site');
    expect(site.total).toMatchObject({ frames: 2, persons: 8, violations: 4, compliant: 4 });
  });

  it('groups by location and day, counting rejections', async () => {
    await post('cam-r3', '00:00:00', false, {
      capturedAt: '2026-11-24T07:00:00Z',
      location: 'yard',
    });
    ctx.pipeline.s3.on(HeadObjectCommand).resolves({
      ContentLength: 0,
      ContentType: 'image/jpeg',
      Metadata: { location: 'yard', 'captured-at': '2026-11-24T09:00:00Z' },
    });
    await ctx.pipeline.s3Ingest(sqsEvent(sqsRecord(s3Event('incoming/cam-r4/empty.jpg'))));

    const { body } = await report({
      from: '2026-11-24T00:00:00Z',
      to: '2026-11-25T00:00:00Z',
      groupBy: 'location',
      interval: 'day',
    });

    expect(body.groups).toEqual([
      {
        location: 'yard',
        buckets: [
          expect.objectContaining({
            start: '2026-11-24T00:00:00.000Z',
            frames: 1,
            rejected: 1,
            compliant: 4,
          }),
        ],
        total: expect.objectContaining({ frames: 1, rejected: 1, complianceRate: 1 }),
      },
    ]);
  });

  it('covers the last 7 days by default, in whole hours', async () => {
    const { body } = await report({});

    expect(body).toMatchObject({
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-28T00:00:00.000Z',
      groupBy: 'camera',
      interval: 'day',
    });
  });

  it.each([
    [{ groupBy: 'site' }, '"groupBy" must be camera or location'],
    [{ interval: 'week' }, '"interval" must be hour or day'],
    [{ from: 'last week' }, '"from" must be an ISO 8601'],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 'at most 92 days'],
    [{ from: '2026-11-27T00:00:00Z', to: '2026-11-26T00:00:00Z' }, '"from" must be before "to"'],
  ])('answers %j with a 400 that names the parameter', async (query, message) => {
    const { status, body } = await report(query);

    expect(status).toBe(400);
    expect(body.error.message).toContain(message);
  });
});
