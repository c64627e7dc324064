import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { type FfmpegPlan, ffmpegArgs, MOTION_HEIGHT, MOTION_WIDTH } from './ffmpeg-args.js';
import { jpegSplitter, rawFrameSplitter } from './frame-streams.js';

/** What one ffmpeg run delivers, as it comes. */
export interface FrameHandlers {
  onGrey?: (frame: Uint8Array) => void;
  onJpeg?: (jpeg: Buffer) => void;
}

/** A running ffmpeg: stop it, or wait for its end and ffmpeg's last words. */
export interface FfmpegRun {
  stop(): void;
  /** Resolves when ffmpeg is gone: its exit code and the tail of what it printed on stderr. */
  done: Promise<{ code: number | null; reason: string }>;
}

/** The last non-empty lines of ffmpeg's stderr, as the reason a source failed. */
function tail(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' / ') || 'no output';
}

/** Starts ffmpeg on one source with the grey and JPEG outputs of `plan`. */
export function runFfmpeg(binary: string, plan: FfmpegPlan, handlers: FrameHandlers): FfmpegRun {
  const child = spawn(binary, ffmpegArgs(plan), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  if (handlers.onGrey) {
    child.stdout?.on('data', rawFrameSplitter(MOTION_WIDTH * MOTION_HEIGHT, handlers.onGrey));
  } else child.stdout?.resume();
  const jpegs = child.stdio[3] as Readable | undefined;
  if (handlers.onJpeg) jpegs?.on('data', jpegSplitter(handlers.onJpeg));
  else jpegs?.resume();
  const done = new Promise<{ code: number | null; reason: string }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, reason: error.message }));
    child.on('close', (code) => resolve({ code, reason: tail(stderr) }));
  });
  return {
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    done,
  };
}
