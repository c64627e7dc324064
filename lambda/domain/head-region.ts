import type { BoundingBox } from './frame-result.js';

/** A rectangle in whole pixels, inside the image. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What the head estimate reads of a person: the box, and the equipment boxes of its parts. */
export interface PersonBoxes {
  boundingBox: BoundingBox;
  bodyParts?: readonly {
    name: string;
    confidence: number;
    equipment: readonly { type: string; boundingBox: BoundingBox }[];
  }[];
}

/**
 * The estimate's proportions, measured on the fixture (test/fixtures/rekognition/ppe-group.jpg):
 * there the head cover starts within 1% of the box's top and the face cover ends at 24-26% of
 * its height; heads are 36-43% of the box's width, centred.
 */
export const HEAD_ESTIMATE = {
  /** The head's share of the person box's height, from its top. */
  heightShare: 0.3,
  /** The head's share of the box's width, centred. */
  widthShare: 0.7,
  /** Added on every side, as a share of the region's own size. */
  margin: 0.1,
} as const;

/** Body parts whose equipment boxes lie on the head; other parts' boxes (hands) are ignored. */
const HEAD_PARTS = new Set(['FACE', 'HEAD']);
/** Equipment that covers the face or the head, whose box widens the estimate. */
const HEAD_EQUIPMENT = new Set(['FACE_COVER', 'HEAD_COVER']);
/** Below this, a head or face detection is too unsure for its equipment box to widen the region. */
const MIN_PART_CONFIDENCE = 50;

type Ratios = { left: number; top: number; right: number; bottom: number };

const toRatios = (box: BoundingBox): Ratios => ({
  left: box.left,
  top: box.top,
  right: box.left + box.width,
  bottom: box.top + box.height,
});

const union = (a: Ratios, b: Ratios): Ratios => ({
  left: Math.min(a.left, b.left),
  top: Math.min(a.top, b.top),
  right: Math.max(a.right, b.right),
  bottom: Math.max(a.bottom, b.bottom),
});

/**
 * Where a person's head is, as ratios of the image: the top of the person box, central in its
 * width, widened to every face or head cover box detected on a confident FACE or HEAD part, with
 * a margin. Rekognition's PPE response has no face box: this costs nothing, unlike DetectFaces.
 */
export function estimateHead(person: PersonBoxes): Ratios {
  const box = person.boundingBox;
  const width = box.width * HEAD_ESTIMATE.widthShare;
  let region: Ratios = {
    left: box.left + (box.width - width) / 2,
    top: box.top,
    right: box.left + (box.width + width) / 2,
    bottom: box.top + box.height * HEAD_ESTIMATE.heightShare,
  };
  for (const part of person.bodyParts ?? []) {
    if (!HEAD_PARTS.has(part.name) || part.confidence < MIN_PART_CONFIDENCE) continue;
    for (const item of part.equipment) {
      if (HEAD_EQUIPMENT.has(item.type) && item.boundingBox.width > 0) {
        region = union(region, toRatios(item.boundingBox));
      }
    }
  }
  const dx = (region.right - region.left) * HEAD_ESTIMATE.margin;
  const dy = (region.bottom - region.top) * HEAD_ESTIMATE.margin;
  return {
    left: region.left - dx,
    top: region.top - dy,
    right: region.right + dx,
    bottom: region.bottom + dy,
  };
}

/**
 * Every person's head region in pixels, clipped to the image; a region that falls outside the
 * image or is under 2 pixels on a side is dropped, since there is nothing there to blur.
 */
export function headRegions(
  persons: readonly PersonBoxes[],
  image: { width: number; height: number },
): PixelRect[] {
  const rects: PixelRect[] = [];
  for (const person of persons) {
    const head = estimateHead(person);
    const left = Math.max(0, Math.floor(head.left * image.width));
    const top = Math.max(0, Math.floor(head.top * image.height));
    const right = Math.min(image.width, Math.ceil(head.right * image.width));
    const bottom = Math.min(image.height, Math.ceil(head.bottom * image.height));
    if (right - left >= 2 && bottom - top >= 2) {
      rects.push({ left, top, width: right - left, height: bottom - top });
    }
  }
  return rects;
}
