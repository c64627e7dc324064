import { describe, expect, it } from 'vitest';
import {
  fromFrameItem,
  fromItems,
  toFrameItem,
} from '../../lambda/adapters/results-table-items.js';
import type { FrameResult } from '../../lambda/domain/frame-result.js';

const result = {
  frameId: 'f-1',
  cameraId: 'cam-01',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 'api',
  requiredEquipment: ['FACE_COVER'],
  minConfidence: 80,
  policy: 'default',
  status: 'compliant',
  modelVersion: '1.0',
  summary: {
    personsWithRequiredEquipment: [0],
    personsWithoutRequiredEquipment: [],
    personsIndeterminate: [],
  },
  persons: [],
  alert: false,
} as unknown as FrameResult;
const image = { key: 'frames/f-1.jpg', versionId: 'v', width: 640, height: 480 };
const person = { pk: 'FRAME#f-1', sk: 'PERSON#00', personId: 0, status: 'compliant' };
const access = {
  pk: 'FRAME#f-1',
  sk: 'ACCESS#2026-11-27T10:00:00.000Z#1a2b3c4d',
  kind: 'original-image-access',
  by: 'arn:aws:iam::1:user/auditor',
  at: '2026-11-27T10:00:00.000Z',
};

describe('frame items and the image', () => {
  it('keeps where the image is in the frame record, and never answers it', () => {
    const item = toFrameItem(result, 'hash', 1, image);
    expect(item.image).toEqual(image);
    expect(fromItems(item, [person])).not.toHaveProperty('image');
    expect(fromFrameItem(item)).not.toHaveProperty('image');
  });

  it('reads a frame whose trail holds views of its original as the frame and its persons', () => {
    const frame = fromItems(toFrameItem(result, 'hash', 1, image), [access, person]) as FrameResult;
    expect(frame.persons).toEqual([{ personId: 0, status: 'compliant', review: null }]);
  });
});
