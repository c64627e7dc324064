import { describe, expect, it } from 'vitest';
import { CameraPipeline, type PickedFrameSink } from '../../agent/camera-pipeline.js';
import type { CameraSettings } from '../../agent/config.js';
import { DEFAULT_MOTION } from '../../agent/motion.js';
import type { FrameMeta } from '../../agent/spool.js';

const camera: CameraSettings = {
  id: 'cam-01',
  url: 'file.mp4',
  target: { kind: 'api', endpoint: 'http://127.0.0.1:1', auth: 'none' },
  interval: 2,
  heartbeat: 0,
  motion: { enabled: false, ...DEFAULT_MOTION },
};

function pipeline() {
  const kept: { meta: FrameMeta; jpeg: string }[] = [];
  const sink: PickedFrameSink = {
    async keep(meta, jpeg) {
      kept.push({ meta, jpeg: jpeg.toString() });
      return [];
    },
  };
  const start = Date.parse('2026-11-27T09:00:00Z');
  return {
    kept,
    p: new CameraPipeline(
      camera,
      sink,
      () => {},
      (t) => new Date(start + t * 1000),
    ),
  };
}

const grey = new Uint8Array(160 * 90);

describe('the camera pipeline', () => {
  it('gives each pick the first JPEG at or after it, even when the JPEGs come first', async () => {
    const { kept, p } = pipeline();
    for (let t = 0; t <= 5; t += 0.5) p.onJpeg(Buffer.from(`jpeg@${t}`), t);
    for (let i = 0; i <= 25; i++) p.onGrey(grey, i / 5);
    await p.flush();
    expect(kept.map((k) => k.jpeg)).toEqual(['jpeg@0', 'jpeg@2', 'jpeg@4']);
    expect(kept.map((k) => k.meta.capturedAt)).toEqual([
      '2026-11-27T09:00:00.000Z',
      '2026-11-27T09:00:02.000Z',
      '2026-11-27T09:00:04.000Z',
    ]);
  });

  it('holds a pick until its JPEG arrives when the grey frames come first', async () => {
    const { kept, p } = pipeline();
    for (let i = 0; i <= 10; i++) p.onGrey(grey, i / 5);
    for (let t = 0; t <= 2.5; t += 0.5) p.onJpeg(Buffer.from(`jpeg@${t}`), t);
    await p.flush();
    expect(kept.map((k) => k.jpeg)).toEqual(['jpeg@0', 'jpeg@2']);
  });

  it('counts what a fixed sampler would have sent', async () => {
    const { p } = pipeline();
    for (let i = 0; i < 50; i++) p.onGrey(grey, i / 5);
    expect(p.counts.fixedSampler).toBe(5);
    expect(p.counts.decoded).toBe(50);
  });
});
