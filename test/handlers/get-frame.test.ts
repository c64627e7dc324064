import { DetectProtectiveEquipmentCommand } from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { fixtureImage } from '../support/fixtures.js';
import { getFrameEvent, postFrameEvent, usePipeline } from '../support/pipeline.js';

const ctx = usePipeline();

const frame = { image: fixtureImage.toString('base64'), cameraId: 'cam-01', location: 'yard' };

describe('GET /frames/{frameId}', () => {
  it('returns the stored result in the shape of the POST response', async () => {
    const posted = JSON.parse((await ctx.pipeline.apiIngest(postFrameEvent(frame))).body);

    const response = await ctx.pipeline.getFrame(getFrameEvent(posted.frameId));

    expect(response.statusCode).toBe(200);
    // Each stored person also carries its review: none yet.
    expect(JSON.parse(response.body)).toEqual({
      ...posted,
      persons: posted.persons.map((person: object) => ({ ...person, review: null })),
    });
  });

  it('returns a stored rejection with its reason', async () => {
    const error = Object.assign(new Error('bad'), {
      name: 'InvalidImageFormatException',
      $metadata: { httpStatusCode: 400 },
    });
    ctx.pipeline.rekognition.on(DetectProtectiveEquipmentCommand).rejects(error);
    const posted = JSON.parse((await ctx.pipeline.apiIngest(postFrameEvent(frame))).body);

    const response = await ctx.pipeline.getFrame(getFrameEvent(posted.error.frameId));

    expect(JSON.parse(response.body)).toMatchObject({
      frameId: posted.error.frameId,
      cameraId: 'cam-01',
      status: 'rejected',
      rejection: { reason: 'not-an-image' },
    });
  });

  it('answers 404 with the error body for an unknown id', async () => {
    const response = await ctx.pipeline.getFrame(getFrameEvent('no-such-frame'));

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'FRAME_NOT_FOUND',
      message: expect.stringContaining('no-such-frame'),
    });
  });

  it('answers 400 for an id that no frame can have', async () => {
    const response = await ctx.pipeline.getFrame(getFrameEvent('../etc'));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('INVALID_FRAME_ID');
  });
});
