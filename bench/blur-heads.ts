/**
 * The blurred copy's cost on the real fixture (1920x1280, four workers): the time sharp takes to
 * cover every head estimated from the person boxes, median of warm runs. Run it by hand:
 * `npx tsx bench/blur-heads.ts [out.png]`, which also writes a downscaled PNG to look at.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { makeSharpHeadBlur } from '../lambda/adapters/sharp-head-blur.js';
import { buildFrameResult } from '../lambda/domain/frame-result.js';

const dir = new URL('../test/fixtures/rekognition/', import.meta.url);
const image = readFileSync(new URL('ppe-group.jpg', dir));
const { response } = JSON.parse(readFileSync(new URL('ppe-group.face-cover-80.json', dir), 'utf8'));
const { result } = buildFrameResult(
  {
    frameId: 'bench',
    cameraId: 'bench',
    capturedAt: new Date().toISOString(),
    source: 'api',
    requiredEquipment: ['FACE_COVER'],
    minConfidence: 80,
    policy: 'default',
  },
  response,
  false,
);
const blur = makeSharpHeadBlur();
const first = performance.now();
const made = await blur.blur(image, result.persons);
const firstMs = performance.now() - first;
const times: number[] = [];
for (let run = 0; run < 10; run++) {
  const started = performance.now();
  await blur.blur(image, result.persons);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    image: `${made.width}x${made.height}`,
    regions: made.regions,
    firstMs: Math.round(firstMs),
    medianMs: Math.round(times[5] ?? 0),
    maxMs: Math.round(times.at(-1) ?? 0),
    blurredBytes: made.bytes.length,
    originalBytes: image.length,
    sharp: sharp.versions,
  }),
);
const out = process.argv[2];
if (out) await sharp(made.bytes).resize(640).png().toFile(out);
