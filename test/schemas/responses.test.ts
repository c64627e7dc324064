import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { errorBodySchema } from '../../lambda/schemas/error-body.js';
import { frameResultSchema, storedFrameSchema } from '../../lambda/schemas/frame-result.js';
import { cameraFramesSchema, complianceReportSchema } from '../../lambda/schemas/read-responses.js';
import { fixtureImage } from '../support/fixtures.js';
import { getFrameEvent, postFrameEvent, queryEvent, usePipeline } from '../support/pipeline.js';

const ctx = usePipeline();
const image = fixtureImage.toString('base64');
const bodyOf = (response: APIGatewayProxyResult): unknown => JSON.parse(response.body);

/**
 * The body is what the schema describes, field for field: zod drops fields a schema does not
 * know, so an undocumented field in the answer shows up as a difference.
 */
function expectDescribed(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

async function postFrame(cameraId: string, capturedAt: string) {
  const response = await ctx.pipeline.apiIngest(
    postFrameEvent({
      image,
      cameraId,
      capturedAt,
      location: 'dock',
      requiredEquipment: ['HAND_COVER'],
    }),
  );
  return { status: response.statusCode, body: bodyOf(response) };
}

describe('the response schemas describe what the handlers answer', () => {
  it('POST /frames and GET /frames/{frameId}: the frame result', async () => {
    const posted = await postFrame('cam-s1', '2026-11-27T09:00:00Z');
    const frameId = (posted.body as { frameId: string }).frameId;
    const read = await ctx.pipeline.getFrame(getFrameEvent(frameId));

    expect(posted.status).toBe(200);
    expectDescribed(frameResultSchema, posted.body);
    expect(read.statusCode).toBe(200);
    expectDescribed(storedFrameSchema, bodyOf(read));
  });

  it('GET /frames/{frameId}: a stored rejection, and the error body that announced it', async () => {
    ctx.pipeline.rekognition.on(DetectProtectiveEquipmentCommand).rejects(
      Object.assign(new Error('bad image'), {
        name: 'InvalidImageFormatException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const posted = await postFrame('cam-s2', '2026-11-27T09:00:00Z');
    const { frameId } = (posted.body as { error: { frameId: string } }).error;
    const read = await ctx.pipeline.getFrame(getFrameEvent(frameId));

    expect(posted.status).toBe(400);
    expectDescribed(errorBodySchema, posted.body);
    expect(bodyOf(read)).toMatchObject({ status: 'rejected' });
    expectDescribed(storedFrameSchema, bodyOf(read));
  });

  it('GET /cameras/{cameraId}/frames: a timeline page, rejected frames included', async () => {
    await postFrame('cam-s3', '2026-11-27T09:00:00Z');
    await postFrame('cam-s3', '2026-11-27T09:01:00Z');
    ctx.pipeline.rekognition.on(DetectProtectiveEquipmentCommand).rejects(
      Object.assign(new Error('bad image'), {
        name: 'InvalidImageFormatException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await postFrame('cam-s3', '2026-11-27T09:02:00Z');

    const response = await ctx.pipeline.queryResults(
      queryEvent('/cameras/{cameraId}/frames', { limit: '2' }, 'cam-s3'),
    );

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({ items: [{ status: 'rejected' }, {}] });
    expectDescribed(cameraFramesSchema, bodyOf(response));
  });

  it('GET /reports/compliance: the report, by camera and by location', async () => {
    await postFrame('cam-s4', '2026-11-27T09:00:00Z');
    for (const groupBy of ['camera', 'location']) {
      const response = await ctx.pipeline.queryResults(
        queryEvent('/reports/compliance', {
          from: '2026-11-27T00:00:00Z',
          to: '2026-11-28T00:00:00Z',
          groupBy,
          interval: 'hour',
        }),
      );

      expect(response.statusCode).toBe(200);
      expect((bodyOf(response) as { groups: unknown[] }).groups.length).toBeGreaterThan(0);
      expectDescribed(complianceReportSchema, bodyOf(response));
    }
  });

  it('every route: the error body', async () => {
    const answers = [
      await ctx.pipeline.apiIngest(postFrameEvent({ image, cameraId: 'a/b' })),
      await ctx.pipeline.getFrame(getFrameEvent('no-such-frame')),
      await ctx.pipeline.queryResults(queryEvent('/reports/compliance', { groupBy: 'day' })),
    ];

    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 404, 400]);
    for (const answer of answers) expectDescribed(errorBodySchema, bodyOf(answer));
  });
});
