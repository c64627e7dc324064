import { createHash } from 'node:crypto';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_SAMPLES } from '../../local/start-local-runtime.js';
import { makePng } from '../../test/support/images.js';

/** The bundled recording: the real DetectProtectiveEquipment response for the sample photo. */
const SAMPLE_RECORDING = 'f58afe713a7fe0f633150c7fd621f6606882527c80f98114c3c50861fd82dcdf.json';

/**
 * A 1280x720 greyscale PNG of about `bytes` bytes: noise in the top rows (which deflate cannot
 * shrink), flat grey below. Deterministic, so that its sha256 is stable between runs.
 */
export function cameraSizedPng(bytes = 200_000): Buffer {
  const width = 1280;
  const height = 720;
  return makePng(width, height, Math.min(height, Math.ceil(bytes / (width + 1))));
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
