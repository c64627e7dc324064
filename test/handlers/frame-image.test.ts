import { describe, expect, it } from 'vitest';
import { decodeFrameImage } from '../../lambda/handlers/frame-image.js';
import { fixtureImage } from '../support/fixtures.js';

describe('decodeFrameImage', () => {
  it('returns the decoded bytes and nothing else, a data: URL prefix accepted', () => {
    const encoded = `data:image/jpeg;base64,${fixtureImage.toString('base64')}`;

    expect(decodeFrameImage(encoded)).toEqual({ bytes: fixtureImage });
  });
});
