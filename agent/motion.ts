/**
 * The motion detector: a changed-region detector on a small grey copy of each frame.
 *
 * The approach is Frigate's (blakeblackshear/frigate, `frigate/motion/improved_motion.py`, MIT):
 * blur the small frame, take its difference against a running-average background, threshold it,
 * dilate, keep the changed regions above a least area, ignore masked parts, and when most of the
 * frame changes at once (lights, an IR switch) take the new picture as the background instead of
 * calling it motion. Written afresh for this project in TypeScript, without OpenCV.
 */

/** A point of a mask polygon, as fractions of the frame's width and height (0 to 1). */
export type Point = readonly [number, number];

/** The detector's settings for one camera. */
export interface MotionSettings {
  /** Least change of a pixel's grey level (1 to 255) against the background. @default 30 */
  threshold: number;
  /** Least area of one changed region, as a fraction of the frame. @default 0.001 */
  minArea: number;
  /** Polygons (fractions of width and height) where changes are ignored: a clock, a road, trees. */
  masks: readonly (readonly Point[])[];
}

/** The defaults: Frigate's threshold and a least area of about 14 pixels of the 160x90 frame. */
export const DEFAULT_MOTION: MotionSettings = { threshold: 30, minArea: 0.001, masks: [] };

/** Share of the unmasked frame that, changed at once, means the light changed, not the scene. */
export const SCENE_CHANGE_FRACTION = 0.5;
/** How fast the background follows a still scene (slow light drift), per frame. */
const LEARNING_RATE = 0.05;
/** While calibrating (start, after a scene change), the background follows much faster. */
const CALIBRATION_RATE = 0.3;
/** Motion persisting this many frames is blended in, so a parked car stops counting as motion. */
const PERSISTENT_FRAMES = 25;
const PERSISTENT_RATE = 0.01;

/** What the detector saw in one frame. */
export interface MotionResult {
  /** A changed region at least `minArea` large, outside the masks. */
  moving: boolean;
  /** Share of the unmasked frame that changed (0 to 1). */
  changed: number;
  /** Area of the largest changed region, as a fraction of the frame. */
  largestRegion: number;
  /** The frame changed almost whole: the background was reset to it. */
  sceneChange: boolean;
  /** Still learning the background (the first frames, or just after a scene change). */
  calibrating: boolean;
}

/** True when (x, y) lies inside the polygon (even-odd rule). */
function inside(polygon: readonly Point[], x: number, y: number): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

/** 1 for every pixel of a width x height frame that lies under a mask polygon. */
export function maskPixels(width: number, height: number, masks: MotionSettings['masks']) {
  const mask = new Uint8Array(width * height);
  for (const polygon of masks) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (inside(polygon, (x + 0.5) / width, (y + 0.5) / height)) mask[y * width + x] = 1;
      }
    }
  }
  return mask;
}

/** A 3x3 Gaussian-like blur (1-2-1 kernel), edges clamped. */
function blur(source: Uint8Array, width: number, height: number, out: Float32Array): void {
  const tmp = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const l = source[row + Math.max(0, x - 1)] as number;
      const r = source[row + Math.min(width - 1, x + 1)] as number;
      tmp[row + x] = (l + 2 * (source[row + x] as number) + r) / 4;
    }
  }
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const down = Math.min(height - 1, y + 1) * width;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      out[row + x] =
        ((tmp[up + x] as number) + 2 * (tmp[row + x] as number) + (tmp[down + x] as number)) / 4;
    }
  }
}

/**
 * Sizes of the 4-connected regions of set pixels, after a 3x3 dilation (which joins the pieces of
 * one moving thing, as Frigate's dilate does before it finds contours).
 */
function regionAreas(changed: Uint8Array, width: number, height: number): number[] {
  const dilated = new Uint8Array(changed.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!changed[y * width + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width) dilated[yy * width + xx] = 1;
        }
      }
    }
  }
  const areas: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < dilated.length; start++) {
    if (dilated[start] !== 1) continue;
    dilated[start] = 2;
    stack.push(start);
    let area = 0;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      area += 1;
      const x = p % width;
      const neighbours = [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        p >= width ? p - width : -1,
        p + width < dilated.length ? p + width : -1,
      ];
      for (const q of neighbours) {
        if (q >= 0 && dilated[q] === 1) {
          dilated[q] = 2;
          stack.push(q);
        }
      }
    }
    areas.push(area);
  }
  return areas;
}

/**
 * A running motion detector for one camera's small grey frames (width x height, one byte a
 * pixel). Feed it every frame in order; it keeps the background.
 */
export class MotionDetector {
  private readonly mask: Uint8Array;
  private readonly unmasked: number;
  private readonly blurred: Float32Array;
  private background: Float32Array | undefined;
  private calibrating = true;
  private movingFrames = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly settings: MotionSettings = DEFAULT_MOTION,
  ) {
    this.mask = maskPixels(width, height, settings.masks);
    this.unmasked = this.mask.reduce((n, m) => n + (m ? 0 : 1), 0);
    this.blurred = new Float32Array(width * height);
  }

  /** Compares one frame against the background, then learns it. */
  detect(frame: Uint8Array): MotionResult {
    const { width, height, blurred, mask } = this;
    if (frame.length !== width * height) {
      throw new Error(`A motion frame has ${frame.length} bytes; ${width}x${height} expected.`);
    }
    blur(frame, width, height, blurred);
    const background = this.background;
    if (!background) {
      this.background = Float32Array.from(blurred);
      return { moving: false, changed: 0, largestRegion: 0, sceneChange: false, calibrating: true };
    }
    const changedPixels = new Uint8Array(width * height);
    let changedCount = 0;
    for (let p = 0; p < blurred.length; p++) {
      if (mask[p]) continue;
      if (Math.abs((blurred[p] as number) - (background[p] as number)) >= this.settings.threshold) {
        changedPixels[p] = 1;
        changedCount += 1;
      }
    }
    const changed = this.unmasked > 0 ? changedCount / this.unmasked : 0;
    if (changed > SCENE_CHANGE_FRACTION) {
      this.background = Float32Array.from(blurred);
      this.calibrating = true;
      this.movingFrames = 0;
      return { moving: false, changed, largestRegion: 0, sceneChange: true, calibrating: true };
    }
    const areas = changedCount > 0 ? regionAreas(changedPixels, width, height) : [];
    const largest = areas.reduce((a, b) => Math.max(a, b), 0) / (width * height);
    const big = largest >= this.settings.minArea;
    if (this.calibrating && changed < 0.05) this.calibrating = false;
    const moving = big && !this.calibrating;
    this.movingFrames = moving ? this.movingFrames + 1 : 0;
    const rate = this.calibrating
      ? CALIBRATION_RATE
      : moving
        ? this.movingFrames >= PERSISTENT_FRAMES
          ? PERSISTENT_RATE
          : 0
        : LEARNING_RATE;
    if (rate > 0) {
      for (let p = 0; p < blurred.length; p++) {
        background[p] = (background[p] as number) * (1 - rate) + (blurred[p] as number) * rate;
      }
    }
    return {
      moving,
      changed,
      largestRegion: largest,
      sceneChange: false,
      calibrating: this.calibrating,
    };
  }
}
