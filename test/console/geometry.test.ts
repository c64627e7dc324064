import { describe, expect, it } from 'vitest';
import { clipBox, toPercentStyle, toPixels } from '../../console/src/logic/geometry.js';

describe('box geometry from normalised boxes', () => {
  it('scales a box inside the image by the rendered size, rounding each edge', () => {
    expect(toPixels({ left: 0.1, top: 0.2, width: 0.25, height: 0.5 }, 960, 640)).toEqual({
      left: 96,
      top: 128,
      width: 240,
      height: 320,
    });
    expect(toPixels({ left: 0.1234, top: 0.5678, width: 0.2, height: 0.1 }, 333, 101)).toEqual({
      left: 41,
      top: 57,
      width: 67,
      height: 10,
    });
  });

  it('clips a box that extends past the edges to the image', () => {
    expect(clipBox({ left: -0.05, top: 0.9, width: 0.3, height: 0.2 })).toEqual({
      left: 0,
      top: 0.9,
      width: 0.25,
      height: expect.closeTo(0.1, 10),
    });
    expect(toPixels({ left: 0.8, top: -0.1, width: 0.4, height: 0.5 }, 1000, 500)).toEqual({
      left: 800,
      top: 0,
      width: 200,
      height: 200,
    });
  });

  it('gives a box wholly outside the image, or with a negative size, no area', () => {
    expect(toPixels({ left: 1.2, top: 0.2, width: 0.1, height: 0.1 }, 100, 100)).toMatchObject({
      width: 0,
    });
    expect(clipBox({ left: 0.5, top: 0.5, width: -0.2, height: 0.1 }).width).toBe(0);
  });

  it('gives CSS percentages of the clipped box', () => {
    expect(toPercentStyle({ left: -0.1, top: 0.25, width: 0.6, height: 0.5 })).toEqual({
      left: '0.000%',
      top: '25.000%',
      width: '50.000%',
      height: '50.000%',
    });
  });
});
