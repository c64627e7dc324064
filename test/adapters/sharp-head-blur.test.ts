import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeSharpHeadBlur } from '../../lambda/adapters/sharp-head-blur.js';
import { buildFrameResult } from '../../lambda/domain/frame-result.js';
import { headRegions, type PixelRect } from '../../lambda/domain/head-region.js';
import { fixtureImage, fixtureRecording } from '../support/fixtures.js';

const { result } = buildFrameResult(
  {
    frameId: 'f',
    cameraId: 'cam-01',
    capturedAt: '2026-11-27T09:00:00.000Z',
    source: 'api',
    requiredEquipment: ['FACE_COVER'],
    minConfidence: 80,
    policy: 'default',
  },
  fixtureRecording.response as never,
  false,
);

async function greyPixels(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

/** Mean absolute grey-level difference of two images inside a rectangle. */
function meanDifference(
  a: { data: Buffer; width: number },
  b: { data: Buffer; width: number },
  rect: PixelRect,
) {
  let sum = 0;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      sum += Math.abs((a.data[y * a.width + x] ?? 0) - (b.data[y * b.width + x] ?? 0));
    }
  }
  return sum / (rect.width * rect.height);
}

describe('makeSharpHeadBlur on the fixture', () => {
  it("covers every worker's head and leaves the image far from the heads as it was", async () => {
    const made = await makeSharpHeadBlur().blur(fixtureImage, result.persons);
    expect(made).toMatchObject({ width: 1920, height: 1280, regions: 4 });
    expect((await sharp(made.bytes).metadata()).format).toBe('jpeg');

    const [before, after] = await Promise.all([greyPixels(fixtureImage), greyPixels(made.bytes)]);
    const heads = headRegions(result.persons, made);
    expect(heads).toHaveLength(4);
    for (const head of heads) {
      // The face itself, at the region's centre: pixelated and blurred, so far from the original.
      const face = {
        left: head.left + Math.round(head.width / 4),
        top: head.top + Math.round(head.height / 4),
        width: Math.round(head.width / 2),
        height: Math.round(head.height / 2),
      };
      expect(meanDifference(before, after, face)).toBeGreaterThan(8);
    }
    // The legs and floor (bottom fifth) and the roof (top 8%): only JPEG re-encoding noise.
    for (const far of [
      { left: 0, top: 1024, width: 1920, height: 256 },
      { left: 0, top: 0, width: 1920, height: 100 },
    ]) {
      expect(meanDifference(before, after, far)).toBeLessThan(2);
    }
  });

  it('blurs the heads of a JPEG stored on its side with an EXIF orientation, as Rekognition sees it upright', async () => {
    // Stored 90 degrees anticlockwise with orientation 6 ("rotate 90 clockwise to view"), as phones
    // write portrait photos. Rekognition corrects the orientation and gives its boxes upright.
    const sideways = await sharp(fixtureImage)
      .rotate(270)
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(await sharp(sideways).metadata()).toMatchObject({
      width: 1280,
      height: 1920,
      orientation: 6,
    });

    const made = await makeSharpHeadBlur().blur(sideways, result.persons);

    // Upright, as the boxes are, and without the orientation tag that would turn it again.
    expect(made).toMatchObject({ width: 1920, height: 1280, regions: 4 });
    expect((await sharp(made.bytes).metadata()).orientation).toBeUndefined();
    const [before, after] = await Promise.all([greyPixels(fixtureImage), greyPixels(made.bytes)]);
    for (const head of headRegions(result.persons, made)) {
      const face = {
        left: head.left + Math.round(head.width / 4),
        top: head.top + Math.round(head.height / 4),
        width: Math.round(head.width / 2),
        height: Math.round(head.height / 2),
      };
      expect(meanDifference(before, after, face)).toBeGreaterThan(8);
    }
    expect(
      meanDifference(before, after, { left: 0, top: 1024, width: 1920, height: 256 }),
    ).toBeLessThan(3);
  });

  it('fails on bytes that are not an image, so that the route fails closed', async () => {
    await expect(makeSharpHeadBlur().blur(Buffer.from('not an image'), [])).rejects.toThrow();
  });
});
