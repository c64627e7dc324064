/** What the first bytes of an image tell without decoding it. */
export interface ImageHeader {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
}

/** Why an image header could not be read. */
export type ImageHeaderProblem = 'unsupported-format' | 'unreadable-dimensions';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JPEG start-of-frame markers (baseline, progressive, lossless...), not DHT/JPG/DAC. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
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
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
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
