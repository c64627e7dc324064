/** Size of the grey frames the motion detector reads: small enough to be cheap, Frigate-like. */
export const MOTION_WIDTH = 160;
export const MOTION_HEIGHT = 90;

/** How ffmpeg opens one source, and what it writes. */
export interface FfmpegPlan {
  url: string;
  /** Read in real time and reopen at the end (a file used as a live camera); false decodes at full speed once. */
  live: boolean;
  /** Grey frames per second for motion, on stdout; undefined writes none. */
  motionFps?: number;
  /** Full-size JPEGs per second, on fd 3; undefined writes none. */
  jpegFps?: number;
}

/** ffmpeg's input options for a URL: RTSP over TCP with a socket timeout, V4L2, HTTP, files. */
export function inputArgs(url: string, live: boolean): string[] {
  // Flags after Frigate's frigate/ffmpeg_presets.py: TCP transport, a socket timeout in µs.
  if (/^rtsps?:\/\//i.test(url)) {
    return [
      ...['-rtsp_transport', 'tcp', '-timeout', '10000000'],
      ...['-fflags', '+genpts+discardcorrupt', '-use_wallclock_as_timestamps', '1'],
      ...['-i', url],
    ];
  }
  if (/^https?:\/\//i.test(url)) return ['-rw_timeout', '10000000', '-i', url];
  if (url.startsWith('/dev/video')) return ['-f', 'v4l2', '-i', url];
  return [...(live ? ['-re'] : []), '-i', url];
}

/**
 * The whole command after `ffmpeg`: decode once, then split into small grey raw frames for the
 * motion detector (stdout) and full-size JPEGs at a low rate (fd 3), so that no JPEG is encoded
 * for frames that are never sent.
 */
export function ffmpegArgs(plan: FfmpegPlan): string[] {
  const outputs: { label: string; chain: string; args: string[] }[] = [];
  if (plan.motionFps !== undefined) {
    outputs.push({
      label: 'm',
      chain: `fps=${plan.motionFps},scale=${MOTION_WIDTH}:${MOTION_HEIGHT}:flags=area,format=gray`,
      args: ['-f', 'rawvideo', 'pipe:1'],
    });
  }
  if (plan.jpegFps !== undefined) {
    outputs.push({
      label: 'j',
      chain: `fps=${plan.jpegFps},format=yuvj420p`,
      args: ['-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2pipe', 'pipe:3'],
    });
  }
  const split =
    outputs.length > 1
      ? `[0:v]split=${outputs.length}${outputs.map((o) => `[${o.label}0]`).join('')};`
      : '';
  const graph =
    split +
    outputs
      .map((o) => `[${outputs.length > 1 ? `${o.label}0` : '0:v'}]${o.chain}[${o.label}]`)
      .join(';');
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...inputArgs(plan.url, plan.live),
    ...['-filter_complex', graph, '-an', '-sn'],
    ...outputs.flatMap((o) => ['-map', `[${o.label}]`, ...o.args]),
  ];
}
