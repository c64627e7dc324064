import type { OverlayOptions, default as Sharp, SharpOptions } from 'sharp';
import type { HeadBlur } from '../core/ports.js';
import { headRegions, type PixelRect } from '../domain/head-region.js';

/** Blocks across the shorter side of a head region: too few to recognise a face by. */
const BLOCKS = 6;
/** The blurred copy's JPEG quality: a review image, not an archive. */
const JPEG_QUALITY = 80;

/** One head region, pixelated to a few blocks and then blurred so no edge of a block remains. */
async function pixelate(
  sharp: typeof Sharp,
  pixels: Buffer,
  raw: SharpOptions,
  rect: PixelRect,
): Promise<OverlayOptions> {
  const block = Math.max(1, Math.ceil(Math.min(rect.width, rect.height) / BLOCKS));
  const small = await sharp(pixels, raw)
    .extract(rect)
    .resize(Math.max(1, Math.ceil(rect.width / block)), Math.max(1, Math.ceil(rect.height / block)))
    .toBuffer({ resolveWithObject: true });
  const { data, info } = await sharp(small.data, { raw: small.info })
    .resize(rect.width, rect.height, { kernel: 'nearest' })
    .blur(Math.max(0.3, block / 3))
    .toBuffer({ resolveWithObject: true });
  return { input: data, raw: info, left: rect.left, top: rect.top };
}

/**
 * sharp, loaded on the first blur rather than at import: a container that only answers cached
 * copies and originals never loads the native module, and if it cannot be loaded, that blur
 * fails (and the route fails closed) instead of the whole function failing its init.
 */
let loading: Promise<typeof Sharp> | undefined;
const loadSharp = () => {
  loading ??= import('sharp').then((module) => module.default);
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
};

/**
 * The blurred copy with sharp (libvips): every person's head region pixelated and blurred, as a
 * JPEG without the original's metadata (EXIF may hold the place and the device), turned upright
 * as the EXIF orientation says. Decoding once into raw pixels keeps each region's extract cheap.
 */
export function makeSharpHeadBlur(): HeadBlur {
  return {
    async blur(original, persons) {
      const sharp = await loadSharp();
      // Upright first: Rekognition applies a JPEG's EXIF orientation and gives its boxes for the
      // corrected image, so the heads are only where the boxes say once the pixels are turned too.
      const { data, info } = await sharp(original)
        .rotate()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
      const regions = headRegions(persons, info);
      const overlays = await Promise.all(regions.map((rect) => pixelate(sharp, data, raw, rect)));
      const bytes = await sharp(data, raw)
        .composite(overlays)
        .jpeg({ quality: JPEG_QUALITY, mozjpeg: false })
        .toBuffer();
      return { bytes, width: info.width, height: info.height, regions: regions.length };
    },
  };
}
