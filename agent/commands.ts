import { type Invocation, UsageError } from './args.js';
import { CameraPipeline, type PickedFrameSink, saveSink } from './camera-pipeline.js';
import { type CameraSettings, ConfigError, resolveCamera } from './config.js';
import { Delivery, sendersByTarget } from './delivery.js';
import { findFfmpeg } from './ffmpeg-binary.js';
import { loadCameras } from './load-config.js';
import type { Log } from './log.js';
import { probeSource } from './probe.js';
import { s3Region } from './sender.js';
import { readLive, readVideo, SourceError } from './source.js';
import { summary } from './status.js';

/** Exit codes of DESIGN.md. */
export const EXIT = { done: 0, usage: 2, source: 3, undelivered: 4 } as const;

/**
 * Motion frames at 5 per second; full-size JPEGs at two per interval (1 per second at the default
 * 2 s), so that the frame sent is at most half an interval younger than the motion that picked it.
 */
const rates = (camera: CameraSettings) => {
  const jpegFps = Math.max(1, Math.ceil(2 / camera.interval));
  return { motionFps: Math.max(5, jpegFps), jpegFps };
};

/** Where output goes: logs, and the summary (stdout). */
export interface Io {
  log: Log;
  out: (line: string) => void;
  json: boolean;
}

/** Refuses to start an S3 path that has no region: every upload would fail. */
async function requireRegions(cameras: CameraSettings[]): Promise<void> {
  for (const camera of cameras) {
    if (camera.target.kind === 's3' && !(await s3Region(camera.target))) {
      throw new UsageError(
        `the S3 path needs a region for camera ${camera.id}: give --region, "region" in the config file, or AWS_REGION`,
      );
    }
  }
}

function requireFfmpeg(invocation: Invocation): string {
  const ffmpeg = findFfmpeg(invocation.ffmpeg);
  if (!ffmpeg) {
    throw new SourceError(
      'ffmpeg',
      'not found: install ffmpeg (apt-get install ffmpeg, brew install ffmpeg), or give --ffmpeg PATH or FFMPEG_PATH',
    );
  }
  return ffmpeg;
}

/** The sink of a pipeline: a dry run's folder, or the spool with the camera's courier behind it. */
function sinkFor(
  invocation: Invocation,
  io: Io,
  delivery: Delivery | undefined,
  cameraId: string,
): PickedFrameSink {
  if (!delivery) return saveSink(invocation.save, io.log);
  return {
    async keep(meta, jpeg) {
      const dropped = await delivery.spool.add(meta, jpeg);
      delivery.courier(cameraId).poke();
      return dropped;
    },
  };
}

function printSummaries(io: Io, pipelines: CameraPipeline[], delivery: Delivery | undefined) {
  const ids = new Set([...pipelines.map((p) => p.camera.id), ...(delivery?.cameraIds() ?? [])]);
  for (const id of ids) {
    const counts = pipelines.find((p) => p.camera.id === id)?.counts ?? delivery?.countsOf(id);
    if (!counts) continue;
    const { record, line } = summary(id, counts, delivery?.spool.count(id) ?? 0);
    io.out(
      io.json
        ? JSON.stringify({ event: 'summary', time: new Date().toISOString(), ...record })
        : `${id}: ${line}`,
    );
  }
}

function onDropped(io: Io, delivery: Delivery) {
  return (entries: { meta: { cameraId: string; capturedAt: string } }[]) => {
    for (const entry of entries) {
      delivery.countsOf(entry.meta.cameraId).dropped += 1;
      io.log('warn', `spool full: dropped the oldest frame ${entry.meta.capturedAt}`, {
        cameraId: entry.meta.cameraId,
        event: 'dropped',
      });
    }
  };
}

/** `ppe-agent video FILE --camera-id ID`. */
export async function videoCommand(invocation: Invocation, io: Io): Promise<number> {
  const ffmpeg = requireFfmpeg(invocation);
  let camera: CameraSettings;
  try {
    const parsedId =
      /^[A-Za-z0-9._-]{1,64}$/.test(invocation.cameraId ?? '') &&
      !/^\.\.?$/.test(invocation.cameraId ?? '');
    if (!parsedId)
      throw new UsageError(
        `--camera-id must be 1 to 64 letters, digits, ".", "_" or "-", not "${invocation.cameraId}"`,
      );
    camera = resolveCamera(
      { id: invocation.cameraId as string, url: invocation.file as string },
      {},
      invocation.settings,
      'video',
      !invocation.dryRun,
    );
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message.replace(/^video: /, ''));
    throw error;
  }
  if (!invocation.dryRun) await requireRegions([camera]);
  const probe = await probeSource(ffmpeg, camera.url);
  if (!probe.ok) throw new SourceError(camera.url, probe.reason);
  const start = invocation.startTime ?? probe.creationTime ?? new Date();
  io.log(
    'info',
    `reading ${camera.url} (${probe.description}), first frame at ${start.toISOString()}`,
    { cameraId: camera.id },
  );

  const delivery = invocation.dryRun
    ? undefined
    : new Delivery(
        invocation.spoolDir ?? './ppe-spool',
        invocation.spoolMaxMb ?? 512,
        io.log,
        sendersByTarget([camera], camera.target),
      );
  const pipeline = new CameraPipeline(
    camera,
    sinkFor(invocation, io, delivery, camera.id),
    io.log,
    (t) => new Date(start.getTime() + Math.round(t * 1000)),
    delivery ? onDropped(io, delivery) : undefined,
  );
  if (delivery) {
    await delivery.open((id) => (id === camera.id ? pipeline.counts : delivery.countsOf(id)));
    delivery.courier(camera.id, pipeline.counts);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await readVideo({ url: camera.url, ffmpeg, ...rates(camera) }, pipeline, controller.signal);
    await pipeline.flush();
    const left = delivery ? await delivery.drain(invocation.drainTimeout) : 0;
    printSummaries(io, [pipeline], delivery);
    if (left > 0) {
      io.log(
        'error',
        `${left} frame(s) still undelivered in ${delivery?.spool.dir}: the next run sends them`,
        { event: 'undelivered' },
      );
      return EXIT.undelivered;
    }
    return EXIT.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** `ppe-agent check --config FILE`: validates, then probes every source once. */
export async function checkCommand(invocation: Invocation, io: Io): Promise<number> {
  const { cameras } = await loadCameras(invocation, false);
  const ffmpeg = requireFfmpeg(invocation);
  let failed = 0;
  const results = await Promise.all(
    cameras.flatMap((camera) =>
      [camera.url, ...(camera.motionUrl ? [camera.motionUrl] : [])].map(async (url) => ({
        camera,
        url,
        result: await probeSource(ffmpeg, url),
      })),
    ),
  );
  for (const { camera, url, result } of results) {
    if (result.ok)
      io.out(
        io.json
          ? JSON.stringify({ cameraId: camera.id, url, ok: true, description: result.description })
          : `${camera.id}: ok, ${url} (${result.description})`,
      );
    else {
      failed += 1;
      io.out(
        io.json
          ? JSON.stringify({ cameraId: camera.id, url, ok: false, reason: result.reason })
          : `${camera.id}: cannot read ${url}: ${result.reason}`,
      );
    }
  }
  return failed > 0 ? EXIT.source : EXIT.done;
}

/** `ppe-agent run --config FILE`: every camera until SIGINT/SIGTERM, then drains. */
export async function runCommand(
  invocation: Invocation,
  io: Io,
  signal?: AbortSignal,
  /** How often the per-camera summary is printed while running. @default a minute */
  statusEveryMs = 60_000,
): Promise<number> {
  const loaded = await loadCameras(invocation, !invocation.dryRun);
  const ffmpeg = requireFfmpeg(invocation);
  if (!invocation.dryRun) await requireRegions(loaded.cameras);
  const { cameras } = loaded;
  const first = cameras[0] as CameraSettings;
  const delivery = invocation.dryRun
    ? undefined
    : new Delivery(
        loaded.spoolDir,
        loaded.spoolMaxMb,
        io.log,
        sendersByTarget(cameras, first.target),
      );
  const pipelines = cameras.map(
    (camera) =>
      new CameraPipeline(
        camera,
        sinkFor(invocation, io, delivery, camera.id),
        io.log,
        (t) => new Date(Math.round(t * 1000)),
        delivery ? onDropped(io, delivery) : undefined,
      ),
  );
  if (delivery) {
    await delivery.open(
      (id) => pipelines.find((p) => p.camera.id === id)?.counts ?? delivery.countsOf(id),
    );
    for (const p of pipelines) delivery.courier(p.camera.id, p.counts);
  }
  const controller = new AbortController();
  const stop = (why: string) => () => {
    io.log('info', `${why}: stopping the sources, then delivering what is spooled`, {
      event: 'stopping',
    });
    controller.abort();
  };
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  signal?.addEventListener('abort', () => controller.abort());
  const minute = setInterval(() => printSummaries(io, pipelines, delivery), statusEveryMs);
  io.log(
    'info',
    `running ${cameras.length} camera(s)${invocation.dryRun ? ' (dry run: nothing is sent)' : ''}`,
    { event: 'started' },
  );
  try {
    await Promise.all(
      pipelines.map((pipeline) =>
        readLive(
          {
            url: pipeline.camera.url,
            ...(pipeline.camera.motionUrl ? { motionUrl: pipeline.camera.motionUrl } : {}),
            ffmpeg,
            ...rates(pipeline.camera),
          },
          {
            onGrey: (frame, t) => pipeline.onGrey(frame, t),
            onJpeg: (jpeg, t) => pipeline.onJpeg(jpeg, t),
            onTrouble: (message) =>
              io.log('warn', message, { cameraId: pipeline.camera.id, event: 'source-trouble' }),
            onRecovered: (message) =>
              io.log('info', message, { cameraId: pipeline.camera.id, event: 'source-recovered' }),
          },
          controller.signal,
        ).then(() => pipeline.flush()),
      ),
    );
    const left = delivery ? await delivery.drain(invocation.drainTimeout) : 0;
    printSummaries(io, pipelines, delivery);
    if (left > 0) {
      io.log(
        'error',
        `${left} frame(s) still undelivered in ${delivery?.spool.dir}: the next run sends them`,
        { event: 'undelivered' },
      );
      return EXIT.undelivered;
    }
    return EXIT.done;
  } finally {
    clearInterval(minute);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
