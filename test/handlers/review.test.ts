import { describe, expect, it } from 'vitest';
import { fixtureImage } from '../support/fixtures.js';
import {
  getFrameEvent,
  postFrameEvent,
  queryEvent,
  reviewEvent,
  trailEvent,
  usePipeline,
} from '../support/pipeline.js';

const image = fixtureImage.toString('base64');
const ctx = usePipeline();

/** Posts a frame: gloves required makes all four workers violate, face covers makes all comply. */
async function post(cameraId: string, at: string, gloves: boolean) {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({
      image,
      cameraId,
      capturedAt: at,
      requiredEquipment: gloves ? ['HAND_COVER', 'HEAD_COVER'] : ['FACE_COVER'],
    }),
  );
  return JSON.parse(response.body) as {
    frameId: string;
    persons: { personId: number; missingEquipment: string[] }[];
  };
}

const review = async (
  frameId: string,
  personId: number | string,
  body: unknown,
  identity: Record<string, string> = {},
) => {
  const response = await ctx.pipeline.review(
    reviewEvent(frameId, String(personId), body, identity),
  );
  return { status: response.statusCode, body: JSON.parse(response.body) };
};
const json = async (promise: Promise<{ statusCode: number; body: string }>) => {
  const response = await promise;
  return { status: response.statusCode, body: JSON.parse(response.body) };
};
const hourReport = async (cameraId: string, hour: string) => {
  const { body } = await json(
    ctx.pipeline.queryResults(
      queryEvent('/reports/compliance', {
        from: `${hour}:00:00Z`,
        to: `${hour}:59:59Z`,
        groupBy: 'camera',
        interval: 'hour',
      }),
    ),
  );
  return body.groups.find((group: { camera: string }) => group.camera === cameraId).total;
};

describe('PUT /frames/{frameId}/persons/{personId}/review', () => {
  it('records the review, shows it on the person and appends it to the trail', async () => {
    const frame = await post('cam-r1', '2026-11-27T09:00:00Z', true);
    const person = frame.persons[1]?.personId ?? 1;

    const put = await review(
      frame.frameId,
      person,
      { disposition: 'false-positive', comment: 'a shadow' },
      { cognitoIdentityId: 'eu-west-1:1111', userArn: 'arn:aws:sts::1:assumed-role/r/x' },
    );

    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      frameId: frame.frameId,
      personId: person,
      disposition: 'false-positive',
      comment: 'a shadow',
      reviewedBy: 'eu-west-1:1111',
      reviewedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const stored = await json(ctx.pipeline.getFrame(getFrameEvent(frame.frameId)));
    expect(stored.body.persons).toHaveLength(4);
    expect(
      stored.body.persons.find((p: { personId: number }) => p.personId === person).review,
    ).toEqual({
      disposition: 'false-positive',
      reviewedBy: 'eu-west-1:1111',
      reviewedAt: put.body.reviewedAt,
    });
    expect(
      stored.body.persons.find((p: { personId: number }) => p.personId !== person).review,
    ).toBeNull();
    const trail = await json(ctx.pipeline.review(trailEvent(frame.frameId)));
    expect(trail.body).toEqual({
      frameId: frame.frameId,
      items: [
        {
          personId: person,
          disposition: 'false-positive',
          comment: 'a shadow',
          reviewedBy: 'eu-west-1:1111',
          reviewedAt: put.body.reviewedAt,
        },
      ],
      originalImageAccesses: [],
    });
  });

  it.each([
    [{ userArn: 'arn:aws:iam::1:user/ana', caller: 'AIDA1' }, 'arn:aws:iam::1:user/ana'],
    [{ caller: 'AIDA1' }, 'AIDA1'],
    [{}, 'local'],
  ])('names the reviewer from the request context %j', async (identity, reviewer) => {
    const frame = await post('cam-r2', '2026-11-27T09:00:00Z', true);

    const put = await review(frame.frameId, 0, { disposition: 'confirmed' }, identity);

    expect(put.body.reviewedBy).toBe(reviewer);
  });

  it('counts a false positive once, apart from violations, and takes it back when changed', async () => {
    const frame = await post('cam-r3', '2026-11-27T10:15:00Z', true);
    const person = frame.persons[0] as { personId: number; missingEquipment: string[] };
    const before = await hourReport('cam-r3', '2026-11-27T10');

    await review(frame.frameId, person.personId, { disposition: 'false-positive' });
    await review(frame.frameId, person.personId, { disposition: 'false-positive' });
    const marked = await hourReport('cam-r3', '2026-11-27T10');
    await review(frame.frameId, person.personId, { disposition: 'confirmed' });
    const unmarked = await hourReport('cam-r3', '2026-11-27T10');

    expect(before).toMatchObject({ violations: 4, falsePositives: 0, complianceRate: 0 });
    expect(marked).toMatchObject({ violations: 3, falsePositives: 1 });
    for (const type of person.missingEquipment) {
      expect(marked.violationsByEquipment[type]).toBe(before.violationsByEquipment[type] - 1);
    }
    expect(unmarked).toEqual(before);
    const trail = await json(ctx.pipeline.review(trailEvent(frame.frameId)));
    expect(trail.body.items.map((item: { disposition: string }) => item.disposition)).toEqual([
      'false-positive',
      'false-positive',
      'confirmed',
    ]);
  });

  it('loses no review and miscounts nothing when reviews of one person race', async () => {
    const frame = await post('cam-r4', '2026-11-27T11:00:00Z', true);
    const dispositions = [
      'false-positive',
      'confirmed',
      'false-positive',
      'inconclusive',
      'false-positive',
    ];

    const answers = await Promise.all(
      dispositions.map((disposition) => review(frame.frameId, 0, { disposition })),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const trail = await json(ctx.pipeline.review(trailEvent(frame.frameId)));
    expect(trail.body.items).toHaveLength(5);
    const last = trail.body.items.at(-1).disposition;
    const stored = await json(ctx.pipeline.getFrame(getFrameEvent(frame.frameId)));
    expect(
      stored.body.persons.find((p: { personId: number }) => p.personId === 0).review.disposition,
    ).toBe(last);
    const total = await hourReport('cam-r4', '2026-11-27T11');
    expect(total.falsePositives).toBe(last === 'false-positive' ? 1 : 0);
  });

  it('lets GET /violations filter by review state', async () => {
    const frame = await post('cam-r5', '2026-11-27T12:00:00Z', true);
    await review(frame.frameId, 0, { disposition: 'false-positive' });
    const range = { from: '2026-11-27T12:00:00Z', to: '2026-11-27T13:00:00Z', cameraId: 'cam-r5' };

    const falsePositives = await json(
      ctx.pipeline.queryResults(queryEvent('/violations', { ...range, review: 'false-positive' })),
    );
    const unreviewed = await json(
      ctx.pipeline.queryResults(queryEvent('/violations', { ...range, review: 'unreviewed' })),
    );

    expect(falsePositives.body.items).toEqual([
      expect.objectContaining({
        personId: 0,
        review: expect.objectContaining({ disposition: 'false-positive', reviewedBy: 'local' }),
      }),
    ]);
    expect(unreviewed.body.items.map((item: { personId: number }) => item.personId).sort()).toEqual(
      [1, 2, 3],
    );
  });

  it('answers 409 NOT_A_VIOLATION for a compliant person', async () => {
    const frame = await post('cam-r6', '2026-11-27T09:00:00Z', false);

    const put = await review(frame.frameId, 0, { disposition: 'confirmed' });

    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('NOT_A_VIOLATION');
  });

  it('answers 404 for an unknown frame or person', async () => {
    const frame = await post('cam-r7', '2026-11-27T09:00:00Z', true);

    const noFrame = await review('k-00000000000000000000000000000000', 0, {
      disposition: 'confirmed',
    });
    const noPerson = await review(frame.frameId, 42, { disposition: 'confirmed' });
    const noTrail = await json(
      ctx.pipeline.review(trailEvent('k-00000000000000000000000000000000')),
    );

    expect(noFrame.body.error.code).toBe('FRAME_NOT_FOUND');
    expect(noPerson).toMatchObject({ status: 404, body: { error: { code: 'PERSON_NOT_FOUND' } } });
    expect(noTrail).toMatchObject({ status: 404, body: { error: { code: 'FRAME_NOT_FOUND' } } });
  });

  it.each([
    [
      'k-1',
      '0',
      { disposition: 'maybe' },
      'INVALID_FIELD',
      '"disposition" must be one of confirmed',
    ],
    [
      'k-1',
      '0',
      { disposition: 'confirmed', comment: 'x'.repeat(1001) },
      'INVALID_FIELD',
      '"comment" must be at most 1000',
    ],
    ['k-1', '0', { disposition: 'confirmed', by: 'me' }, 'INVALID_FIELD', 'Unknown field(s) "by"'],
    ['k-1', '0', '{not json', 'INVALID_JSON', 'not valid JSON'],
    ['k-1', 'one', { disposition: 'confirmed' }, 'INVALID_PERSON_ID', 'person id'],
    ['k_1', '0', { disposition: 'confirmed' }, 'INVALID_FRAME_ID', 'frame id'],
  ])(
    'answers 400 for frame %s person %s body %j',
    async (frameId, personId, body, code, message) => {
      const put = await review(frameId, personId, body);

      expect(put.status).toBe(400);
      expect(put.body.error).toMatchObject({ code, message: expect.stringContaining(message) });
    },
  );
});
