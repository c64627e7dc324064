import { readImageHeader } from '../domain/image-header.js';

/** Rekognition's limit for image bytes; larger frames must go through the S3 path. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** Rekognition's pixel bounds on each side. */
export const MIN_SIDE = 64;
export const MAX_SIDE = 4096;

/** Why a POST /frames image cannot be analysed, with its HTTP status and remedy. */
export interface ImageProblem {
  statusCode: 400 | 413;
  code: string;
  message: string;
}

const DATA_URL_PREFIX = /^data:[^,]{0,100};base64,/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** Base64 of 4 MB, with room for line breaks: anything longer is too large without decoding. */
const MAX_ENCODED_CHARACTERS = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) * 1.05;

/**
 * Decodes base64 once in the common case (standard alphabet, padded, no whitespace: it
 * re-encodes to itself), and otherwise strips whitespace and checks the alphabet first, since
 * Node's decoder skips what it does not know instead of failing.
 */
function decodeBase64(text: string): Buffer | 'invalid' | 'too-large' {
  if (text.length > MAX_ENCODED_CHARACTERS) return 'too-large';
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') === text) return bytes;
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) return 'invalid';
  return Buffer.from(compact, 'base64');
}

/**
 * Decodes the `image` field and checks what Rekognition would refuse (format, size, pixels), so
 * that the caller hears at once and no call is paid for. A data: URL prefix and whitespace are
 * accepted, and so is the URL-safe alphabet.
 */
export function decodeFrameImage(encoded: string): { bytes: Uint8Array } | ImageProblem {
  const bytes = decodeBase64(encoded.replace(DATA_URL_PREFIX, ''));
  if (bytes === 'invalid') {
    return {
      statusCode: 400,
      code: 'INVALID_BASE64',
      message: '"image" is not valid base64: send the JPEG or PNG bytes base64-encoded.',
    };
  }
  const size = bytes === 'too-large' ? encoded.length * 0.75 : bytes.length;
  if (bytes === 'too-large' || size > MAX_IMAGE_BYTES) {
    return {
      statusCode: 413,
      code: 'IMAGE_TOO_LARGE',
      message: `"image" is ${(size / 1024 / 1024).toFixed(1)} MB; Rekognition takes at most 4 MB as bytes. Upload larger images to the ingest bucket (S3 path, up to 15 MB) instead.`,
    };
  }
  const header = readImageHeader(bytes);
  if (header === 'unsupported-format') {
    return {
      statusCode: 400,
      code: 'UNSUPPORTED_FORMAT',
      message: '"image" is not a JPEG or PNG: convert the frame to JPEG or PNG.',
    };
  }
  if (header === 'unreadable-dimensions') {
    return {
      statusCode: 400,
      code: 'UNSUPPORTED_FORMAT',
      message:
        '"image" looks like a JPEG or PNG but its size cannot be read: it is truncated or corrupt.',
    };
  }
  const { width, height } = header;
  if (Math.min(width, height) < MIN_SIDE || Math.max(width, height) > MAX_SIDE) {
    return {
      statusCode: 400,
      code: 'BAD_DIMENSIONS',
      message: `"image" is ${width}x${height} pixels; Rekognition takes ${MIN_SIDE} to ${MAX_SIDE} pixels on each side. Resize the frame.`,
    };
  }
  return { bytes };
}
