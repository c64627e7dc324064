/** What the first bytes of an image tell without decoding it. */
export interface ImageHeader {
  format: 'jpeg' | 'png';
  /** The stored pixel size, before any EXIF orientation is applied. */
  width: number;
  height: number;
  /** The JPEG's EXIF orientation (1 to 8), when it has one. */
  orientation?: number;
}

/**
 * The size the image is shown at, and that Rekognition's boxes are ratios of: EXIF orientations
 * 5 to 8 turn a JPEG a quarter, so its width and height trade places.
 */
export function uprightSize(header: ImageHeader): { width: number; height: number } {
  const turned =
    header.orientation !== undefined && header.orientation >= 5 && header.orientation <= 8;
  return turned
    ? { width: header.height, height: header.width }
    : { width: header.width, height: header.height };
}

/** The orientation tag (0x0112) of an APP1 Exif segment's first IFD, if it has a valid one. */
function readExifOrientation(view: DataView, start: number, end: number): number | undefined {
  // "Exif\0\0", then a TIFF header: byte order, 42, the offset of IFD0.
  if (start + 14 > end || view.getUint32(start) !== 0x45786966 || view.getUint16(start + 4) !== 0) {
    return undefined;
  }
  const tiff = start + 6;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  if (view.getUint16(tiff + 2, little) !== 42) return undefined;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return undefined;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return undefined;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** Why an image header could not be read. */
export type ImageHeaderProblem = 'unsupported-format' | 'unreadable-dimensions';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JPEG start-of-frame markers (baseline, progressive, lossless...), not DHT/JPG/DAC. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpegSize(
  bytes: Uint8Array,
): { width: number; height: number; orientation?: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let orientation: number | undefined;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (marker === 0xe1 && orientation === undefined) {
      orientation = readExifOrientation(
        view,
        offset + 4,
        Math.min(bytes.length, offset + 2 + length),
      );
    }
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return {
        height: view.getUint16(offset + 5),
        width: view.getUint16(offset + 7),
        ...(orientation !== undefined ? { orientation } : {}),
      };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan before any frame
    offset += 2 + length;
  }
  return undefined;
}

/**
 * Reads the format and pixel size of a JPEG or PNG from its bytes, so that a frame Rekognition
 * would refuse is answered at once, without paying for the call.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | ImageHeaderProblem {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = readJpegSize(bytes);
    return size ? { format: 'jpeg', ...size } : 'unreadable-dimensions';
  }
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    if (bytes.length < 24) return 'unreadable-dimensions';
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  return 'unsupported-format';
}
