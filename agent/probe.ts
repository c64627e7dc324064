import { spawn } from 'node:child_process';
import { inputArgs } from './ffmpeg-args.js';
import { fetchSnapshot, isSnapshotUrl } from './source.js';

/** What probing a source once found: readable (with a few facts), or not (with the reason). */
export type ProbeResult =
  | { ok: true; description: string; creationTime?: Date }
  | { ok: false; reason: string };

/** Runs ffmpeg to decode one frame of a source, within `timeoutMs`; gives its stderr. */
function decodeOneFrame(binary: string, url: string, timeoutMs: number) {
  return new Promise<{ code: number | null; stderr: string; timedOut: boolean }>((resolve) => {
    const child = spawn(
      binary,
      [
        '-hide_banner',
        '-nostdin',
        ...inputArgs(url, false),
        '-frames:v',
        '1',
        '-an',
        '-f',
        'null',
        '-',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-20_000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: error.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** ffmpeg's reason for a failure: its last lines, without the banner's noise. */
function reasonOf(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Input|Output|Stream|Duration|Metadata| {2})/.test(l));
  return lines.slice(-2).join(' / ') || 'ffmpeg gave no reason';
}

/**
 * Probes a source once: decodes one frame through ffmpeg (or fetches one snapshot), so that
 * `check` and `video` can name an unreadable source with ffmpeg's reason before anything runs.
 */
export async function probeSource(
  binary: string,
  url: string,
  timeoutMs = 20_000,
): Promise<ProbeResult> {
  if (/^https?:\/\//i.test(url) && (await isSnapshotUrl(url, timeoutMs).catch(() => false))) {
    try {
      const jpeg = await fetchSnapshot(url, timeoutMs);
      return { ok: true, description: `JPEG snapshot, ${jpeg.length} bytes` };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }
  const { code, stderr, timedOut } = await decodeOneFrame(binary, url, timeoutMs);
  if (timedOut) return { ok: false, reason: `no frame within ${timeoutMs / 1000} s` };
  if (code !== 0) return { ok: false, reason: reasonOf(stderr) };
  const video = /Stream #\S+: Video: ([^\n]*)/.exec(stderr)?.[1];
  if (!video) return { ok: false, reason: 'no video stream in it' };
  const size = /(\d{2,5}x\d{2,5})/.exec(video)?.[1];
  const codec = video.split(/[ ,]/)[0];
  const created = /creation_time\s*:\s*(\S+)/.exec(stderr)?.[1];
  const creationTime =
    created && !Number.isNaN(Date.parse(created)) ? new Date(created) : undefined;
  return {
    ok: true,
    description: `${codec}${size ? ` ${size}` : ''}`,
    ...(creationTime ? { creationTime } : {}),
  };
}
