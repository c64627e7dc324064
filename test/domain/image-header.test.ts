import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  type ImageHeader,
  readImageHeader,
  uprightSize,
} from '../../lambda/domain/image-header.js';
import { fixtureImage } from '../support/fixtures.js';
import { makePng } from '../support/images.js';

describe('readImageHeader', () => {
  it('reads the size of the fixture JPEG past its EXIF segment', () => {
    expect(readImageHeader(fixtureImage)).toMatchObject({
      format: 'jpeg',
      width: 1920,
      height: 1280,
    });
  });

  it('reads the EXIF orientation of a JPEG stored on its side, and its upright size', async () => {
    const sideways = await sharp(fixtureImage)
      .rotate(270)
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const header = readImageHeader(sideways);
    expect(header).toEqual({ format: 'jpeg', width: 1280, height: 1920, orientation: 6 });
    expect(uprightSize(header as ImageHeader)).toEqual({ width: 1920, height: 1280 });
  });

  it('keeps the size of a JPEG whose orientation does not turn it, or that has none', async () => {
    const mirrored = await sharp(fixtureImage).withMetadata({ orientation: 2 }).jpeg().toBuffer();
    const header = readImageHeader(mirrored) as ImageHeader;
    expect(header.orientation).toBe(2);
    expect(uprightSize(header)).toEqual({ width: 1920, height: 1280 });
    const plain = await sharp(fixtureImage).jpeg().toBuffer();
    expect(readImageHeader(plain)).toEqual({ format: 'jpeg', width: 1920, height: 1280 });
  });

  it('reads the size of a PNG', () => {
    expect(readImageHeader(makePng(640, 480))).toEqual({ format: 'png', width: 640, height: 480 });
  });

  it('refuses bytes that are neither JPEG nor PNG', () => {
    expect(readImageHeader(Buffer.from('GIF89a....'))).toBe('unsupported-format');
  });

  it('reports a JPEG cut off before its frame header', () => {
    expect(readImageHeader(fixtureImage.subarray(0, 100))).toBe('unreadable-dimensions');
  });
});
