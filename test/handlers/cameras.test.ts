import { describe, expect, it } from 'vitest';
import { fixtureImage } from '../support/fixtures.js';
import { postFrameEvent, queryEvent, usePipeline } from '../support/pipeline.js';

const image = fixtureImage.toString('base64');
const ctx = usePipeline();

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

describe('GET /cameras', () => {
  it('lists every camera sorted by id with its newest frame, whatever order frames came in', async () => {
    const newest = await post('cam-b', '2026-11-27T09:00:00Z', true, 'plant-3/line-2');
    await post('cam-b', '2026-11-27T08:00:00Z', false, 'plant-3/line-2');
    const other = await post('cam-a', '2026-11-27T07:00:00Z', false);

    const response = await ctx.pipeline.queryResults(queryEvent('/cameras'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      items: [
        {
          cameraId: 'cam-a',
          lastFrame: {
            frameId: other,
            capturedAt: '2026-11-27T07:00:00.000Z',
            status: 'compliant',
            personsTotal: 4,
            missingEquipment: [],
          },
        },
        {
          cameraId: 'cam-b',
          location: 'plant-3/line-2',
          lastFrame: {
            frameId: newest,
            capturedAt: '2026-11-27T09:00:00.000Z',
            status: 'violation',
            personsTotal: 4,
            missingEquipment: ['HAND_COVER'],
          },
        },
      ],
    });
  });

  it('answers 400 naming an unknown query parameter', async () => {
    const response = await ctx.pipeline.queryResults(
      queryEvent('/cameras', { status: 'violation' }),
    );

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.message).toContain(
      'Unknown query parameter(s) "status"',
    );
  });
});
