import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Finds ffmpeg: `--ffmpeg PATH` or FFMPEG_PATH, else the one on PATH, else the binary that the
 * optional npm package `@ffmpeg-installer/ffmpeg` ships. Undefined when there is none.
 */
export function findFfmpeg(explicit: string | undefined): string | undefined {
  const chosen = explicit ?? process.env.FFMPEG_PATH;
  if (chosen) return chosen;
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0) return 'ffmpeg';
  try {
    const shipped = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    return shipped.path;
  } catch {
    return undefined;
  }
}
