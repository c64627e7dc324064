import { describe, expect, it } from 'vitest';
import { filteredReadSize } from '../../lambda/adapters/dynamodb-violations-query.js';
import { encodeNextToken } from '../../lambda/handlers/next-token.js';
import { fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, queryEvent, usePipeline } from '../support/pipeline.js';

const image = fixtureImage.toString('base64');
const ctx = usePipeline();

/** Posts a frame: gloves required makes all four workers violate, face covers makes all comply. */
async function post(cameraId: string, at: string, gloves: boolean, location?: string) {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({
      image,
      cameraId,
      capturedAt: at,
      requiredEquipment: [gloves ? 'HAND_COVER' : 'FACE_COVER'],
      ...(location ? { location } : {}),
    }),
  );
  return JSON.parse(response.body).frameId as string;
}

const violations = async (query: Record<string, string>) => {
  const response = await ctx.pipeline.queryResults(queryEvent('/violations', query));
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

type Item = { frameId: string; personId: number; cameraId: string };
const ids = (items: Item[]) => items.map((item) => `${item.frameId}/${item.personId}`);

describe('GET /violations', () => {
  it('lists violating persons across cameras newest first, each unreviewed', async () => {
    const older = await post('cam-v1', '2026-11-20T09:00:00Z', true, 'plant-3/line-2');
    const newer = await post('cam-v2', '2026-11-20T09:05:00Z', true);
    await post('cam-v3', '2026-11-20T09:10:00Z', false);

    const { status, body } = await violations({
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-21T00:00:00Z',
    });

    expect(status).toBe(200);
    expect(body.items.map((item: Item) => item.frameId)).toEqual([
      ...Array(4).fill(newer),
      ...Array(4).fill(older),
    ]);
    expect(body.items[4]).toEqual({
      frameId: older,
      personId: expect.any(Number),
      cameraId: 'cam-v1',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-20T09:00:00.000Z',
      missingEquipment: ['HAND_COVER'],
      confidence: expect.any(Number),
      boundingBox: expect.objectContaining({ left: expect.any(Number) }),
      review: null,
    });
    expect(body.nextToken).toBeUndefined();
  });

  it('reads day after day, newest first, and pages across days with nextToken', async () => {
    const day1 = await post('cam-v4', '2026-11-10T23:00:00Z', true);
    const day3 = await post('cam-v4', '2026-11-12T01:00:00Z', true);
    const query = { from: '2026-11-10T00:00:00Z', to: '2026-11-13T00:00:00Z', limit: '3' };

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await violations({ ...query, ...(token ? { nextToken: token } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...ids(page.body.items));
      token = page.body.nextToken;
      pages++;
    } while (token && pages < 10);

    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(0, 4).every((id) => id.startsWith(day3))).toBe(true);
    expect(seen.slice(4).every((id) => id.startsWith(day1))).toBe(true);
  });

  it('filters by camera, location prefix and missing equipment', async () => {
    const a = await post('cam-v5', '2026-11-05T08:00:00Z', true, 'plant-9/line-1');
    await post('cam-v6', '2026-11-05T08:01:00Z', true, 'plant-8/line-1');
    const range = { from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' };

    const byCamera = await violations({ ...range, cameraId: 'cam-v5' });
    const byLocation = await violations({ ...range, location: 'plant-9/' });
    const byEquipment = await violations({ ...range, equipment: 'HEAD_COVER' });

    expect(new Set(byCamera.body.items.map((item: Item) => item.frameId))).toEqual(new Set([a]));
    expect(new Set(byLocation.body.items.map((item: Item) => item.frameId))).toEqual(new Set([a]));
    expect(byEquipment.body.items).toEqual([]);
  });

  it('covers the last 24 hours by default', async () => {
    const recent = await post('cam-v7', '2026-11-27T12:00:00Z', true);
    await post('cam-v7', '2026-11-26T12:00:00Z', true);

    const { body } = await violations({ cameraId: 'cam-v7' });

    expect(new Set(body.items.map((item: Item) => item.frameId))).toEqual(new Set([recent]));
  });

  it.each([
    [{ equipment: 'gloves' }, '"equipment" must be an equipment type such as FACE_COVER'],
    [{ review: 'maybe' }, '"review" must be one of unreviewed'],
    [{ cameraId: 'cam 01' }, '"cameraId" must be 1 to 64'],
    [{ location: '' }, '"location" must be 1 to 256'],
    [{ limit: '101' }, '"limit" must be a whole number from 1 to 100'],
    [{ from: 'today' }, '"from" must be an ISO 8601'],
    [{ from: '2026-11-27T10:00:00Z', to: '2026-11-27T09:00:00Z' }, '"from" must be before "to"'],
    [{ from: '2026-10-01T00:00:00Z', to: '2026-11-27T00:00:00Z' }, 'at most 31 days'],
    [{ nextToken: 'garbage' }, '"nextToken" was not issued for these filters'],
    [{ status: 'violation' }, 'Unknown query parameter(s) "status"'],
  ])('answers %j with a 400 that names the parameter', async (query, message) => {
    const { status, body } = await violations(query);

    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringContaining(message),
    });
  });

  it('refuses a nextToken issued for other filters', async () => {
    await post('cam-v8', '2026-11-03T08:00:00Z', true);
    const range = { from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' };
    const { body } = await violations({ ...range, cameraId: 'cam-v8', limit: '1' });
    expect(body.nextToken).toEqual(expect.any(String));

    const other = await violations({ ...range, cameraId: 'cam-v9', nextToken: body.nextToken });

    expect(other.status).toBe(400);
  });

  it('refuses a token whose cursor points outside the query, though its scope matches', async () => {
    const forged = encodeNextToken(
      {
        r: { from: '2026-11-03T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' },
        v: {
          day: '2026-11-03',
          key: {
            pk: 'FRAME#x',
            sk: 'FRAME',
            gsi2pk: 'VIOLATIONS#2026-11-03',
            gsi2sk: '2026-11-03T08:00:00.000Z#cam-v8#x#PERSON#00',
          },
        },
      },
      { from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' },
    );

    const { status } = await violations({
      from: '2026-11-03T00:00:00Z',
      to: '2026-11-04T00:00:00Z',
      nextToken: forged,
    });

    expect(status).toBe(400);
  });
});

describe('the read size of a filtered violations query', () => {
  it('starts at four pages (at least 50 entries) and doubles per query up to 1,000', () => {
    expect([0, 1, 2, 3, 4].map((n) => filteredReadSize(25, n))).toEqual([100, 200, 400, 800, 1000]);
    expect(filteredReadSize(5, 0)).toBe(50);
    expect(filteredReadSize(200, 3)).toBe(1000);
  });
});
