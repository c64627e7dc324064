import sharp from 'sharp';
import { MOTION_HEIGHT, MOTION_WIDTH } from './ffmpeg-args.js';
import { type FfmpegRun, runFfmpeg } from './ffmpeg-process.js';

/** A source's frames as they come: `t` in seconds (stream time for a file, wall clock live). */
export interface SourceHandlers {
  onGrey(frame: Uint8Array, t: number): void;
  onJpeg(jpeg: Buffer, t: number): void;
  /** A live source stopped delivering and is being reopened; the agent says so. */
  onTrouble(message: string): void;
  /** A live source delivers frames again after trouble. */
  onRecovered(message: string): void;
}

/** Where a camera's pictures come from. */
export interface SourceSettings {
  url: string;
  /** A low-resolution stream of the same view for the motion detector. */
  motionUrl?: string;
  ffmpeg: string;
  motionFps: number;
  jpegFps: number;
  /** Seconds without a frame after which a live source counts as stalled. @default 20 */
  stallSeconds?: number;
  /** Longest wait between two reopenings, in seconds. @default 30 */
  maxBackoffSeconds?: number;
  /** Seconds between two snapshots of an HTTP snapshot camera. @default 1 */
  snapshotSeconds?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Small grey copy and the JPEG itself of one snapshot. */
async function greyOf(jpeg: Buffer): Promise<Uint8Array> {
  const raw = await sharp(jpeg)
    .resize(MOTION_WIDTH, MOTION_HEIGHT, { fit: 'fill', kernel: 'linear' })
    .greyscale()
    .raw()
    .toBuffer();
  return new Uint8Array(raw.buffer, raw.byteOffset, MOTION_WIDTH * MOTION_HEIGHT);
}

/** Whether an http(s) URL answers single JPEGs (a snapshot camera) rather than an MJPEG stream. */
export async function isSnapshotUrl(url: string, timeoutMs = 10_000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    const type = response.headers.get('content-type') ?? '';
    controller.abort();
    return /^image\//i.test(type);
  } finally {
    clearTimeout(timer);
  }
}

/** Fetches one snapshot JPEG, failing with the reason. */
export async function fetchSnapshot(url: string, timeoutMs = 10_000): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body[0] !== 0xff || body[1] !== 0xd8) throw new Error('the answer is not a JPEG');
  return body;
}

/**
 * Reads a live camera until `signal` aborts: ffmpeg for RTSP, MJPEG, files and V4L2 (and a
 * second ffmpeg on `motionUrl` when given), HTTP polling for snapshot URLs. A source that ends,
 * fails or stalls is reopened with growing back-off; it never gives up.
 */
export async function readLive(
  settings: SourceSettings,
  handlers: SourceHandlers,
  signal: AbortSignal,
): Promise<void> {
  const stallMs = (settings.stallSeconds ?? 20) * 1000;
  const maxBackoff = (settings.maxBackoffSeconds ?? 30) * 1000;
  let backoff = 1000;
  let troubled = false;
  const now = () => Date.now() / 1000;

  while (!signal.aborted) {
    let lastFrameAt = Date.now();
    let frames = 0;
    const seen = () => {
      lastFrameAt = Date.now();
      frames += 1;
      if (troubled && frames >= 1) {
        troubled = false;
        backoff = 1000;
        handlers.onRecovered(`source delivers frames again: ${settings.url}`);
      }
    };
    let reason: string;
    const snapshot =
      /^https?:\/\//i.test(settings.url) && !settings.motionUrl
        ? await isSnapshotUrl(settings.url).catch(() => false)
        : false;
    if (snapshot) {
      reason = await pollSnapshots(settings, handlers, signal, seen, stallMs);
    } else {
      const runs: FfmpegRun[] = [];
      const onGrey = (frame: Uint8Array) => {
        seen();
        handlers.onGrey(frame, now());
      };
      const onJpeg = (jpeg: Buffer) => {
        if (settings.motionUrl) seen();
        handlers.onJpeg(jpeg, now());
      };
      const live = true;
      if (settings.motionUrl) {
        runs.push(
          runFfmpeg(
            settings.ffmpeg,
            { url: settings.motionUrl, live, motionFps: settings.motionFps },
            { onGrey },
          ),
        );
        runs.push(
          runFfmpeg(
            settings.ffmpeg,
            { url: settings.url, live, jpegFps: settings.jpegFps },
            { onJpeg },
          ),
        );
      } else {
        runs.push(
          runFfmpeg(
            settings.ffmpeg,
            { url: settings.url, live, motionFps: settings.motionFps, jpegFps: settings.jpegFps },
            { onGrey, onJpeg },
          ),
        );
      }
      const stalled = new Promise<string>((resolve) => {
        const timer = setInterval(() => {
          if (signal.aborted) resolve('stopped');
          else if (Date.now() - lastFrameAt > stallMs) resolve(`no frame for ${stallMs / 1000} s`);
        }, 250);
        const stop = () => clearInterval(timer);
        Promise.race(runs.map((r) => r.done)).then(stop, stop);
        signal.addEventListener('abort', () => {
          stop();
          resolve('stopped');
        });
      });
      const ended = Promise.race(
        runs.map((r) =>
          r.done.then(({ code, reason: why }) =>
            code === 0
              ? 'the stream ended'
              : `ffmpeg exited (${code ?? 'failed to start'}): ${why}`,
          ),
        ),
      );
      reason = await Promise.race([stalled, ended]);
      for (const run of runs) run.stop();
      await Promise.all(runs.map((r) => r.done));
    }
    if (signal.aborted) return;
    if (frames > 0) backoff = 1000;
    troubled = true;
    handlers.onTrouble(`source ${settings.url}: ${reason}; reopening in ${backoff / 1000} s`);
    await sleep(backoff, signal);
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}

/** Polls a snapshot URL until it fails for longer than a stall, or the signal aborts. */
async function pollSnapshots(
  settings: SourceSettings,
  handlers: SourceHandlers,
  signal: AbortSignal,
  seen: () => void,
  stallMs: number,
): Promise<string> {
  const every = (settings.snapshotSeconds ?? 1) * 1000;
  let lastOk = Date.now();
  let lastError = '';
  while (!signal.aborted) {
    const started = Date.now();
    try {
      const jpeg = await fetchSnapshot(settings.url);
      const t = started / 1000;
      const grey = await greyOf(jpeg);
      seen();
      lastOk = Date.now();
      handlers.onGrey(grey, t);
      handlers.onJpeg(jpeg, t);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (Date.now() - lastOk > stallMs)
        return `no snapshot for ${stallMs / 1000} s (${lastError})`;
    }
    await sleep(Math.max(0, every - (Date.now() - started)), signal);
  }
  return 'stopped';
}

/**
 * Decodes a stored video once, as fast as it goes, with `t` the frame's time in the file. Fails
 * with ffmpeg's reason when the file cannot be read.
 */
export async function readVideo(
  settings: SourceSettings,
  handlers: Pick<SourceHandlers, 'onGrey' | 'onJpeg'>,
  signal: AbortSignal,
): Promise<void> {
  let greys = 0;
  let jpegs = 0;
  const run = runFfmpeg(
    settings.ffmpeg,
    { url: settings.url, live: false, motionFps: settings.motionFps, jpegFps: settings.jpegFps },
    {
      onGrey: (frame) => handlers.onGrey(frame, greys++ / settings.motionFps),
      onJpeg: (jpeg) => handlers.onJpeg(jpeg, jpegs++ / settings.jpegFps),
    },
  );
  signal.addEventListener('abort', () => run.stop());
  const { code, reason } = await run.done;
  if (signal.aborted) return;
  if (code !== 0) throw new SourceError(settings.url, reason);
  if (greys === 0) throw new SourceError(settings.url, 'no video frames in it');
}

/** A source that cannot be read, with ffmpeg's reason (exit code 3). */
export class SourceError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot read ${url}: ${reason}`);
  }
}
