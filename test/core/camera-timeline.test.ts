import { describe, expect, it } from 'vitest';
import { makeCameraTimeline } from '../../lambda/core/camera-timeline.js';
import type { TimelineCursor, TimelineQuery } from '../../lambda/core/ports.js';

const cursor: TimelineCursor = {
  pk: 'FRAME#f-1',
  sk: 'FRAME',
  gsi1pk: 'CAMERA#cam-1',
  gsi1sk: '2026-11-27T09:00:00.000Z#f-1',
};

const storedFrame = {
  pk: 'FRAME#f-1',
  sk: 'FRAME',
  requestHash: 'secret',
  frameId: 'f-1',
  capturedAt: '2026-11-27T09:00:00.000Z',
  status: 'analysed',
  source: 'api',
  policy: 'default',
  persons: [
    { personId: 0, status: 'violation', missingEquipment: ['HEAD_COVER', 'HAND_COVER'] },
    { personId: 1, status: 'violation', missingEquipment: ['HAND_COVER'] },
    { personId: 2, status: 'compliant', missingEquipment: [] },
  ],
  alertState: 'SENT',
};

describe('a camera timeline', () => {
  it('passes the query on and returns each frame as a small entry, with the next cursor', async () => {
    const asked: TimelineQuery[] = [];
    const cameraTimeline = makeCameraTimeline({
      cameraFrames: async (query) => {
        asked.push(query);
        return { items: [storedFrame], cursor };
      },
    });

    const page = await cameraTimeline({ cameraId: 'cam-1', status: 'analysed', limit: 1 });

    expect(asked).toEqual([{ cameraId: 'cam-1', status: 'analysed', limit: 1 }]);
    expect(page).toEqual({
      items: [
        {
          frameId: 'f-1',
          capturedAt: '2026-11-27T09:00:00.000Z',
          status: 'analysed',
          source: 'api',
          policy: 'default',
          personsTotal: 3,
          missingEquipment: ['HAND_COVER', 'HEAD_COVER'],
          alertState: 'sent',
        },
      ],
      cursor,
    });
  });

  it('has no cursor on the last page', async () => {
    const cameraTimeline = makeCameraTimeline({ cameraFrames: async () => ({ items: [] }) });

    expect(await cameraTimeline({ cameraId: 'cam-1', limit: 25 })).toEqual({ items: [] });
  });
});
