import { createHash } from 'node:crypto';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { BUNDLED_SAMPLES } from '../../local/start-local-runtime.js';

/** The bundled recording: the real DetectProtectiveEquipment response for the sample photo. */
const SAMPLE_RECORDING = 'f58afe713a7fe0f633150c7fd621f6606882527c80f98114c3c50861fd82dcdf.json';

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/**
 * A 1280x720 greyscale PNG of about `bytes` bytes: noise in the top rows (which deflate cannot
 * shrink), flat grey below. Deterministic, so that its sha256 is stable between runs.
 */
export function cameraSizedPng(bytes = 200_000): Buffer {
  const width = 1280;
  const height = 720;
  const noisyRows = Math.min(height, Math.ceil(bytes / (width + 1)));
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  let seed = 0x2545f491;
  for (let row = 0; row < height; row++) {
    rows[row * (width + 1)] = 0;
    if (row >= noisyRows) continue;
    for (let x = 1; x <= width; x++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      rows[row * (width + 1) + x] = seed >>> 24;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A replay directory in which `image` has a recording: the sample photo's real response (four
 * workers), filed under the image's sha256. The detector stand-in answers it like any image.
 */
export async function replayDirFor(image: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-quota-replay-'));
  const sha256 = createHash('sha256').update(image).digest('hex');
  await copyFile(join(BUNDLED_SAMPLES, SAMPLE_RECORDING), join(dir, `${sha256}.json`));
  return dir;
}
