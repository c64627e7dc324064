import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CameraSettings } from './config.js';
import { MOTION_HEIGHT, MOTION_WIDTH } from './ffmpeg-args.js';
import type { Log } from './log.js';
import { MotionDetector, type MotionResult } from './motion.js';
import { initialPickerState, type PickerState, type PickReason, pick } from './picker.js';
import type { FrameMeta, SpoolEntry } from './spool.js';
import { type CameraCounts, newCounts } from './status.js';

/** A pick waiting for its JPEG. */
interface Pending {
  t: number;
  reason: PickReason;
  motion?: MotionResult;
}

/** How long JPEGs are kept for a pick that has not come yet, in seconds of source time. */
const JPEG_MEMORY_SECONDS = 3;

/** Where a picked frame goes: into the spool (then the courier), or to a folder in a dry run. */
export interface PickedFrameSink {
  /** Keeps a picked frame; returns frames dropped to make room (counted against their camera). */
  keep(meta: FrameMeta, jpeg: Buffer, motion: MotionResult | undefined): Promise<SpoolEntry[]>;
}

/**
 * One camera's pipeline after the source: each small grey frame goes through the motion
 * detector and the picker; a pick takes the first full-size JPEG at or after that moment (the
 * JPEG output runs at a lower rate), stamps it, and hands it to the sink, in order.
 */
export class CameraPipeline {
  readonly counts: CameraCounts = newCounts();
  private readonly detector: MotionDetector | undefined;
  private picker: PickerState = initialPickerState();
  private fixed: PickerState = initialPickerState();
  /** Picks waiting for their JPEG, oldest first. */
  private readonly pending: Pending[] = [];
  /** Recent JPEGs, oldest first: the two outputs of ffmpeg reach us in no fixed order. */
  private readonly jpegs: { jpeg: Buffer; t: number }[] = [];
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly camera: CameraSettings,
    private readonly sink: PickedFrameSink,
    private readonly log: Log,
    /** Capture time of a frame at source time `t`: start time + t for a file, `t` itself live. */
    private readonly captureTime: (t: number) => Date,
    private readonly onDropped: (entries: SpoolEntry[]) => void = () => {},
  ) {
    this.detector = camera.motion.enabled
      ? new MotionDetector(MOTION_WIDTH, MOTION_HEIGHT, camera.motion)
      : undefined;
  }

  /** A small grey frame at source time `t`. */
  onGrey(frame: Uint8Array, t: number): void {
    this.counts.decoded += 1;
    const motion = this.detector?.detect(frame);
    if (motion?.sceneChange) {
      this.counts.sceneChanges += 1;
      this.log(
        'info',
        `most of the picture changed at once (${Math.round(motion.changed * 100)}%): background reset, not counted as motion`,
        {
          cameraId: this.camera.id,
          event: 'scene-change',
        },
      );
    }
    const settings = {
      interval: this.camera.interval,
      heartbeat: this.camera.heartbeat,
      motion: this.camera.motion.enabled,
    };
    const fixed = pick({ ...settings, motion: false }, this.fixed, t, false);
    this.fixed = fixed.state;
    if (fixed.reason) this.counts.fixedSampler += 1;
    const decision = pick(settings, this.picker, t, motion?.moving ?? false);
    this.picker = decision.state;
    if (!decision.reason) return;
    this.counts.picked[decision.reason] += 1;
    this.pending.push({ t, reason: decision.reason, ...(motion ? { motion } : {}) });
    this.match();
    this.forget(t - JPEG_MEMORY_SECONDS);
  }

  /** A full-size JPEG at source time `t`. */
  onJpeg(jpeg: Buffer, t: number): void {
    this.jpegs.push({ jpeg, t });
    this.match();
  }

  /** Each waiting pick takes the first JPEG at or after its moment. */
  private match(): void {
    for (;;) {
      const next = this.pending[0];
      if (!next) return;
      const index = this.jpegs.findIndex((j) => j.t >= next.t - 1e-6);
      if (index < 0) return;
      const frame = this.jpegs[index] as { jpeg: Buffer; t: number };
      this.pending.shift();
      this.jpegs.splice(0, index + 1);
      this.emit(next, frame);
    }
  }

  /** Drops JPEGs older than `before` that no pick waits for. */
  private forget(before: number): void {
    const limit = Math.min(before, this.pending[0]?.t ?? Number.POSITIVE_INFINITY);
    while ((this.jpegs[0]?.t ?? Number.POSITIVE_INFINITY) < limit) this.jpegs.shift();
  }

  private emit(pending: Pending, frame: { jpeg: Buffer; t: number }) {
    const meta: FrameMeta = {
      cameraId: this.camera.id,
      capturedAt: this.captureTime(frame.t).toISOString(),
      reason: pending.reason,
      ...(this.camera.location ? { location: this.camera.location } : {}),
      ...(this.camera.requiredEquipment
        ? { requiredEquipment: this.camera.requiredEquipment }
        : {}),
      ...(this.camera.minConfidence !== undefined
        ? { minConfidence: this.camera.minConfidence }
        : {}),
    };
    this.work = this.work
      .then(() => this.sink.keep(meta, frame.jpeg, pending.motion))
      .then((dropped) => {
        if (dropped.length > 0) this.onDropped(dropped);
      })
      .catch((error: unknown) => {
        this.log('error', `could not keep a picked frame: ${(error as Error).message}`, {
          cameraId: this.camera.id,
        });
      });
  }

  /** At the end of a source: a pick still waiting for its JPEG takes the last one there is. */
  async flush(): Promise<void> {
    const last = this.jpegs.at(-1);
    const waiting = this.pending.shift();
    this.pending.length = 0;
    if (waiting && last) this.emit(waiting, last);
    await this.work;
  }
}

/**
 * The `--dry-run --save DIR` sink: every picked JPEG written to DIR with a JSON note of why it
 * was picked and what the motion detector saw, so that a camera can be tuned without a call.
 */
export function saveSink(dir: string | undefined, log: Log): PickedFrameSink {
  return {
    async keep(meta, jpeg, motion) {
      const name = `${meta.cameraId}_${meta.capturedAt.replace(/[:.]/g, '-')}_${meta.reason}`;
      log(
        'info',
        `would send ${meta.capturedAt} (${meta.reason}${motion ? `, ${(motion.largestRegion * 100).toFixed(2)}% of the frame moved` : ''})`,
        {
          cameraId: meta.cameraId,
          event: 'picked',
          reason: meta.reason,
          capturedAt: meta.capturedAt,
        },
      );
      if (!dir) return [];
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${name}.jpg`), jpeg);
      const note = {
        ...meta,
        ...(motion
          ? {
              motion: {
                changed: motion.changed,
                largestRegion: motion.largestRegion,
                moving: motion.moving,
              },
            }
          : {}),
      };
      await writeFile(join(dir, `${name}.json`), `${JSON.stringify(note, null, 2)}\n`);
      return [];
    },
  };
}
