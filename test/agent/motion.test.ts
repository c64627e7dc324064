import { describe, expect, it } from 'vitest';
import { DEFAULT_MOTION, MotionDetector } from '../../agent/motion.js';

const W = 160;
const H = 90;

/** A deterministic pseudo-random generator, so that the noise is the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A grey scene at `level` with sensor noise of ±`noise`, and optional bright blocks. */
function frame(
  level: number,
  noise: number,
  rand: () => number,
  blocks: { x: number; y: number; w: number; h: number }[] = [],
) {
  const f = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inBlock = blocks.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      const base = inBlock ? 220 : level;
      f[y * W + x] = Math.max(0, Math.min(255, Math.round(base + (rand() * 2 - 1) * noise)));
    }
  }
  return f;
}

/** Settles a detector on a still scene. */
function settled(detector: MotionDetector, rand: () => number, level = 90) {
  for (let i = 0; i < 20; i++) detector.detect(frame(level, 12, rand));
}

describe('the motion detector', () => {
  it('sees no motion in a still scene with sensor noise', () => {
    const rand = random(1);
    const detector = new MotionDetector(W, H);
    const results = Array.from({ length: 100 }, () => detector.detect(frame(90, 12, rand)));
    expect(results.filter((r) => r.moving)).toHaveLength(0);
  });

  it('sees a block moving across the scene in every frame it moves', () => {
    const rand = random(2);
    const detector = new MotionDetector(W, H);
    settled(detector, rand);
    const results = Array.from({ length: 10 }, (_, i) =>
      detector.detect(frame(90, 12, rand, [{ x: 10 + i * 12, y: 30, w: 12, h: 24 }])),
    );
    expect(results.every((r) => r.moving)).toBe(true);
    expect(results.every((r) => !r.sceneChange)).toBe(true);
  });

  it('ignores a change smaller than the least area', () => {
    const rand = random(3);
    const detector = new MotionDetector(W, H, { ...DEFAULT_MOTION, minArea: 0.01 });
    settled(detector, rand);
    const result = detector.detect(frame(90, 12, rand, [{ x: 50, y: 40, w: 3, h: 3 }]));
    expect(result.moving).toBe(false);
  });

  it('takes a light switch as a new background, not as motion', () => {
    const rand = random(4);
    const detector = new MotionDetector(W, H);
    settled(detector, rand, 60);
    const switched = detector.detect(frame(160, 12, rand));
    const after = Array.from({ length: 20 }, () => detector.detect(frame(160, 12, rand)));
    expect(switched.sceneChange).toBe(true);
    expect(switched.moving).toBe(false);
    expect(after.filter((r) => r.moving)).toHaveLength(0);
  });

  it('follows slow light drift without calling it motion', () => {
    const rand = random(5);
    const detector = new MotionDetector(W, H);
    const results = Array.from({ length: 300 }, (_, i) =>
      detector.detect(frame(60 + i * 0.2, 12, rand)),
    );
    expect(results.filter((r) => r.moving)).toHaveLength(0);
  });

  it('ignores motion inside a masked region and still sees it outside', () => {
    const rand = random(6);
    const mask = [
      [
        [0, 0],
        [0.5, 0],
        [0.5, 1],
        [0, 1],
      ] as [number, number][],
    ];
    const detector = new MotionDetector(W, H, { ...DEFAULT_MOTION, masks: mask });
    settled(detector, rand);
    const inMask = detector.detect(frame(90, 12, rand, [{ x: 20, y: 30, w: 20, h: 20 }]));
    detector.detect(frame(90, 12, rand));
    const outside = detector.detect(frame(90, 12, rand, [{ x: 110, y: 30, w: 20, h: 20 }]));
    expect(inMask.moving).toBe(false);
    expect(outside.moving).toBe(true);
  });
});
