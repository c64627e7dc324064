import { describe, expect, it } from 'vitest';
import { estimateHead, headRegions } from '../../lambda/domain/head-region.js';

const box = { left: 0.4, top: 0.2, width: 0.2, height: 0.6 };

describe('estimateHead', () => {
  it('takes the top 30% of the person box, its central 70% width, with a 10% margin', () => {
    const head = estimateHead({ boundingBox: box });
    // 70% of 0.2 = 0.14, centred at 0.5; 30% of 0.6 = 0.18 from 0.2; then 10% on each side.
    expect(head.left).toBeCloseTo(0.43 - 0.014, 6);
    expect(head.right).toBeCloseTo(0.57 + 0.014, 6);
    expect(head.top).toBeCloseTo(0.2 - 0.018, 6);
    expect(head.bottom).toBeCloseTo(0.38 + 0.018, 6);
  });

  it('widens to a face or head cover box on a confident FACE or HEAD part', () => {
    const cover = { left: 0.6, top: 0.1, width: 0.1, height: 0.1 };
    const head = estimateHead({
      boundingBox: box,
      bodyParts: [
        { name: 'HEAD', confidence: 99, equipment: [{ type: 'HEAD_COVER', boundingBox: cover }] },
      ],
    });
    expect(head.right).toBeGreaterThan(0.7);
    expect(head.top).toBeLessThan(0.1);
  });

  it('ignores hand covers and unsure head parts', () => {
    const far = { left: 0.9, top: 0.9, width: 0.05, height: 0.05 };
    const plain = estimateHead({ boundingBox: box });
    expect(
      estimateHead({
        boundingBox: box,
        bodyParts: [
          {
            name: 'LEFT_HAND',
            confidence: 99,
            equipment: [{ type: 'HAND_COVER', boundingBox: far }],
          },
          { name: 'FACE', confidence: 20, equipment: [{ type: 'FACE_COVER', boundingBox: far }] },
        ],
      }),
    ).toEqual(plain);
  });
});

describe('headRegions', () => {
  it('converts to whole pixels that cover the estimate', () => {
    const [rect] = headRegions([{ boundingBox: box }], { width: 1000, height: 500 });
    expect(rect).toEqual({ left: 416, top: 91, width: 169, height: 108 });
  });

  it('clips a person at the edge to the image, and drops a region outside it', () => {
    const edge = { left: -0.1, top: -0.05, width: 0.3, height: 0.9 };
    const outside = { left: 1.2, top: 0.2, width: 0.1, height: 0.5 };
    const rects = headRegions([{ boundingBox: edge }, { boundingBox: outside }], {
      width: 200,
      height: 100,
    });
    expect(rects).toHaveLength(1);
    expect(rects[0]).toMatchObject({ left: 0, top: 0 });
    expect((rects[0]?.left ?? 0) + (rects[0]?.width ?? 0)).toBeLessThanOrEqual(200);
  });
});
