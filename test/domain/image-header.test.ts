import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../lambda/domain/image-header.js';
import { fixtureImage } from '../support/fixtures.js';
import { makePng } from '../support/images.js';

describe('readImageHeader', () => {
  it('reads the size of the fixture JPEG past its EXIF segment', () => {
    expect(readImageHeader(fixtureImage)).toEqual({ format: 'jpeg', width: 1920, height: 1280 });
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
