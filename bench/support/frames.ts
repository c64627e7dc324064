import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSha256 } from '../../local/replay-recordings.js';
import { BUNDLED_SAMPLES } from '../../local/start-local-runtime.js';

const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The frames the benchmarks send. The camera frame was made once from the fixture (centre crop
 * to 16:9, bilinear scaling to 1280x720, the JPEG quality nearest 200 KB) and committed.
 */
export const FRAMES = {
  'camera-720p': { file: file('../fixtures/camera-frame-1280x720.jpg'), size: '1280x720' },
  'fixture-1280p': {
    file: file('../../test/fixtures/rekognition/ppe-group.jpg'),
    size: '1920x1280',
  },
} as const;

/** A frame's name in {@link FRAMES}. */
export type FrameName = keyof typeof FRAMES;

/** The bundled recording: the real DetectProtectiveEquipment response for the fixture photo. */
const SAMPLE_RECORDING = 'f58afe713a7fe0f633150c7fd621f6606882527c80f98114c3c50861fd82dcdf.json';

/**
 * A replay directory for the local runtime's detector in which each image has a recording: the
 * fixture's real response (four workers), filed under the image's sha256.
 */
export async function replayDirFor(images: readonly Uint8Array[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-bench-replay-'));
  for (const image of images) {
    const target = join(dir, `${imageSha256(image)}.json`);
    await copyFile(join(BUNDLED_SAMPLES, SAMPLE_RECORDING), target);
  }
  return dir;
}
