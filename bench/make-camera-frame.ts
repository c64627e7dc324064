/**
 * Makes the "typical camera frame" of the overhead benchmark: the fixture photo cropped to 16:9,
 * scaled to 1280x720 and encoded at the JPEG quality whose size lands nearest 200 KB.
 * Run once (`npx tsx bench/make-camera-frame.ts`); the result is committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import jpeg from 'jpeg-js';
import { CAMERA_FRAME, FIXTURE_FRAME } from './support/inputs.js';
import { REPO_ROOT } from './support/machine.js';

const WIDTH = 1280;
const HEIGHT = 720;
const TARGET_BYTES = 200 * 1000;

/** Centre crop to the output's aspect ratio, then bilinear scaling to the output size. */
function cropAndScale(source: { width: number; height: number; data: Uint8Array }): Uint8Array {
  const cropHeight = Math.round((source.width * HEIGHT) / WIDTH);
  const top = Math.floor((source.height - cropHeight) / 2);
  const scale = source.width / WIDTH;
  const out = new Uint8Array(WIDTH * HEIGHT * 4);
  const at = (x: number, y: number, c: number) =>
    source.data[((top + y) * source.width + x) * 4 + c] ?? 0;
  for (let y = 0; y < HEIGHT; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scale - 0.5, 0), cropHeight - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, cropHeight - 1);
    const fy = sy - y0;
    for (let x = 0; x < WIDTH; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scale - 0.5, 0), source.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, source.width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const value =
          (at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx) * (1 - fy) +
          (at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx) * fy;
        out[(y * WIDTH + x) * 4 + c] = Math.round(value);
      }
      out[(y * WIDTH + x) * 4 + 3] = 255;
    }
  }
  return out;
}

const decoded = jpeg.decode(readFileSync(FIXTURE_FRAME.path), { useTArray: true });
const pixels = { width: WIDTH, height: HEIGHT, data: cropAndScale(decoded) };
const encodeAt = (quality: number) => jpeg.encode(pixels, quality).data;

// JPEG size grows with quality: bisect for the quality nearest the target.
let low = 1;
let high = 100;
while (high - low > 1) {
  const middle = Math.floor((low + high) / 2);
  if (encodeAt(middle).length <= TARGET_BYTES) low = middle;
  else high = middle;
}
const [quality, bytes] = [low, high]
  .map((q) => [q, encodeAt(q)] as const)
  .reduce((best, next) =>
    Math.abs(next[1].length - TARGET_BYTES) < Math.abs(best[1].length - TARGET_BYTES) ? next : best,
  );
writeFileSync(CAMERA_FRAME.path, bytes);
console.log(
  `${relative(REPO_ROOT, CAMERA_FRAME.path)}: ${WIDTH}x${HEIGHT}, quality ${quality}, ${bytes.length} bytes ` +
    `(from ${decoded.width}x${decoded.height})`,
);
