import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { FrameImageOutcome, FrameImageRequest } from '../../lambda/core/frame-image.js';
import { callerOf, makeGetFrameImageHandler } from '../../lambda/handlers/get-frame-image.js';

const event = (resource: string, frameId: string, identity: Record<string, string | null> = {}) =>
  ({
    resource,
    pathParameters: { frameId },
    requestContext: {
      identity: { cognitoIdentityId: null, userArn: null, caller: null, ...identity },
    },
  }) as unknown as APIGatewayProxyEvent;

function handlerAnswering(outcome: FrameImageOutcome | Error) {
  const frameImage = vi.fn(async (_request: FrameImageRequest) => {
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  const handler = makeGetFrameImageHandler({
    frameImage,
    logError: () => {},
    defaultCaller: 'local',
  });
  return { handler, frameImage };
}

describe('GET /frames/{frameId}/image and .../image/original', () => {
  it('asks for the blurred copy on /image and the original on /image/original, naming the caller', async () => {
    const found: FrameImageOutcome = {
      kind: 'found',
      url: 'https://x',
      expiresAt: '2026-11-27T09:10:00.000Z',
      variant: 'blurred',
      width: 2,
      height: 2,
    };
    const { handler, frameImage } = handlerAnswering(found);
    const blurred = await handler(event('/frames/{frameId}/image', 'f-1'));
    expect(blurred.statusCode).toBe(200);
    expect(JSON.parse(blurred.body)).toEqual({
      url: 'https://x',
      expiresAt: '2026-11-27T09:10:00.000Z',
      variant: 'blurred',
      width: 2,
      height: 2,
    });
    await handler(
      event('/frames/{frameId}/image/original', 'f-1', { userArn: 'arn:aws:iam::1:user/a' }),
    );
    expect(frameImage.mock.calls.map(([request]) => request)).toEqual([
      { frameId: 'f-1', variant: 'blurred', by: 'local' },
      { frameId: 'f-1', variant: 'original', by: 'arn:aws:iam::1:user/a' },
    ]);
  });

  it.each([
    [{ kind: 'frame-not-found' } as const, 404, 'FRAME_NOT_FOUND'],
    [{ kind: 'image-not-found' } as const, 404, 'IMAGE_NOT_FOUND'],
    [{ kind: 'blur-unavailable' } as const, 503, 'BLUR_UNAVAILABLE'],
  ])('answers %o as %i %s, with no URL', async (outcome, status, code) => {
    const response = await handlerAnswering(outcome).handler(
      event('/frames/{frameId}/image', 'f-1'),
    );
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('answers 400 for a bad frame id and 500 for an unexpected failure', async () => {
    const { handler } = handlerAnswering(new Error('boom'));
    expect((await handler(event('/frames/{frameId}/image', 'a b'))).statusCode).toBe(400);
    const failed = await handler(event('/frames/{frameId}/image', 'f-1'));
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('boom');
  });
});

describe('callerOf', () => {
  it('prefers the Cognito identity, then the IAM ARN, then the caller id', () => {
    const e = (identity: Record<string, string | null>) => event('/x', 'f', identity);
    expect(callerOf(e({ cognitoIdentityId: 'eu-west-1:abc', userArn: 'arn' }))).toBe(
      'eu-west-1:abc',
    );
    expect(callerOf(e({ userArn: 'arn:aws:sts::1:assumed-role/r/s', caller: 'AROA:s' }))).toBe(
      'arn:aws:sts::1:assumed-role/r/s',
    );
    expect(callerOf(e({ caller: 'AIDA' }))).toBe('AIDA');
    expect(callerOf(e({}), 'local')).toBe('local');
  });
});
