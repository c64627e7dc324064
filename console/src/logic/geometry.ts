import type { BoundingBox } from '../api/contracts.js';

/** A box in ratios of the image, clipped to it: what the overlay draws. */
export interface BoxRatios {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A box in whole pixels of a rendered image. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clip = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Clips a Rekognition box (which may extend slightly past the image's edges) to the image, so
 * that an overlay never draws outside the picture; a box wholly outside has zero size.
 */
export function clipBox(box: BoundingBox): BoxRatios {
  const left = clip(box.left);
  const top = clip(box.top);
  const right = clip(box.left + Math.max(0, box.width));
  const bottom = clip(box.top + Math.max(0, box.height));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * The clipped box in whole pixels of an image rendered `width` × `height`: edges rounded
 * (not the size), so that adjacent boxes meet and a box is at most half a pixel off each edge.
 */
export function toPixels(box: BoundingBox, width: number, height: number): PixelRect {
  const ratios = clipBox(box);
  const left = Math.round(ratios.left * width);
  const top = Math.round(ratios.top * height);
  const right = Math.round((ratios.left + ratios.width) * width);
  const bottom = Math.round((ratios.top + ratios.height) * height);
  return { left, top, width: right - left, height: bottom - top };
}

/** The clipped box as CSS percentages, so the overlay follows the image when it resizes. */
export function toPercentStyle(
  box: BoundingBox,
): Record<'left' | 'top' | 'width' | 'height', string> {
  const ratios = clipBox(box);
  const percent = (value: number) => `${(value * 100).toFixed(3)}%`;
  return {
    left: percent(ratios.left),
    top: percent(ratios.top),
    width: percent(ratios.width),
    height: percent(ratios.height),
  };
}
