import { describe, expect, it } from 'vitest';
import type { DigestRound } from '../../lambda/core/send-digests.js';
import { makeAlertDigestHandler } from '../../lambda/handlers/alert-digest.js';

/** The scheduled handler around a digest round that reports `round`. */
function handlerReporting(round: DigestRound) {
  const logged: { message: string; details: Record<string, unknown> }[] = [];
  const handler = makeAlertDigestHandler({
    sendDigests: async () => round,
    logError: (message, details) => logged.push({ message, details }),
  });
  return { handler, logged };
}

describe('the alert digest handler', () => {
  it('answers with the number of digests the round published', async () => {
    const { handler, logged } = handlerReporting({ due: 3, published: 2, failures: [] });

    await expect(handler()).resolves.toEqual({ published: 2 });
    expect(logged).toEqual([]);
  });

  it('logs each digest not sent with its camera, then fails the run so that the errors alarm fires', async () => {
    const { handler, logged } = handlerReporting({
      due: 3,
      published: 1,
      failures: [
        { cameraId: 'cam-1', error: Object.assign(new Error('SNS is down'), { name: 'SnsError' }) },
        { cameraId: 'cam-2', error: 'timeout' },
      ],
    });

    await expect(handler()).rejects.toThrow('2 of 3 due digests were not sent');
    expect(logged).toEqual([
      {
        message: 'Digest not sent; the next run tries again',
        details: { cameraId: 'cam-1', error: 'SnsError: SNS is down' },
      },
      {
        message: 'Digest not sent; the next run tries again',
        details: { cameraId: 'cam-2', error: 'timeout' },
      },
    ]);
  });
});
