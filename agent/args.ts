import { parseArgs } from 'node:util';
import type * as z from 'zod';
import { flagSettingsSchema, type SharedSettings } from './config.js';

/** A bad flag or config value: exit code 2, with a message that names it. */
export class UsageError extends Error {}

/** The command line, parsed and checked. */
export interface Invocation {
  command: 'run' | 'video' | 'check';
  file?: string;
  config?: string;
  cameraId?: string;
  /** Settings given as flags; they win over the config file. */
  settings: SharedSettings;
  startTime?: Date;
  spoolDir?: string;
  spoolMaxMb?: number;
  json: boolean;
  dryRun: boolean;
  save?: string;
  ffmpeg?: string;
  drainTimeout: number;
}

const OPTIONS = {
  config: { type: 'string' },
  'camera-id': { type: 'string' },
  endpoint: { type: 'string' },
  bucket: { type: 'string' },
  auth: { type: 'string' },
  region: { type: 'string' },
  interval: { type: 'string' },
  heartbeat: { type: 'string' },
  motion: { type: 'string' },
  'start-time': { type: 'string' },
  'spool-dir': { type: 'string' },
  'spool-max-mb': { type: 'string' },
  location: { type: 'string' },
  'required-equipment': { type: 'string' },
  'min-confidence': { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  save: { type: 'string' },
  ffmpeg: { type: 'string' },
  'drain-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ppe-agent --help`. */
export const USAGE = `ppe-agent: picks the camera frames worth analysing and delivers them to the PPE detection backend

  ppe-agent run --config cameras.json      every camera in the file, until SIGINT/SIGTERM (then drains)
  ppe-agent video FILE --camera-id ID      one stored video, decoded as fast as it goes; exits when done
  ppe-agent check --config cameras.json    validates the file, probes each source once, exits

Destination
  --endpoint URL            the API's base URL (frames go to <URL>/frames)
  --bucket NAME             or the S3 path: incoming/<cameraId>/<capturedAt>.jpg with x-amz-meta-*
  --auth sigv4|none         default sigv4 (AWS default credential chain); none for the local runtime
  --region REGION           default: AWS_REGION, else the endpoint's execute-api region
Picking
  --interval S              seconds between frames while the scene changes (default 2)
  --heartbeat S             a frame at least this often in a still scene (default 60; 0 = never)
  --motion on|off           off sends one frame every interval (default on)
  --start-time ISO          video: capture time of the first frame (default: creation_time, else now)
Passed to the API
  --location TEXT  --required-equipment A,B  --min-confidence N
Spool and output
  --spool-dir DIR           picked frames wait here until delivered (default ./ppe-spool)
  --spool-max-mb N          bound of the spool; the oldest frames are dropped beyond it (default 512)
  --drain-timeout S         at exit, give up delivering after S seconds without progress (default 30)
  --dry-run [--save DIR]    pick but send nothing; --save writes each picked JPEG and why
  --json                    JSON log lines
  --ffmpeg PATH             the ffmpeg binary (default: FFMPEG_PATH, PATH, @ffmpeg-installer/ffmpeg)

Exit codes: 0 done; 2 bad arguments or config; 3 a source cannot be read; 4 frames still undelivered.`;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number, not "${value}"`);
  }
  return n;
}

/** Parses argv (without node and the script); throws UsageError naming the flag at fault. */
export function parseInvocation(argv: string[]): Invocation | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split('\n')[0]} (ppe-agent --help lists the flags)`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (command !== 'run' && command !== 'video' && command !== 'check') {
    throw new UsageError(
      command === undefined
        ? 'give a command: run, video or check (ppe-agent --help)'
        : `unknown command "${command}": use run, video or check`,
    );
  }
  if (command === 'video' ? rest.length !== 1 : rest.length !== 0) {
    throw new UsageError(
      command === 'video'
        ? 'video takes one FILE: ppe-agent video FILE --camera-id ID'
        : `unexpected argument "${rest[0]}"`,
    );
  }
  const raw: Record<string, unknown> = {
    endpoint: values.endpoint,
    bucket: values.bucket,
    auth: values.auth,
    region: values.region,
    interval: numberFlag('interval', values.interval),
    heartbeat: numberFlag('heartbeat', values.heartbeat),
    motion: values.motion,
    location: values.location,
    requiredEquipment: values['required-equipment']?.split(',').map((s) => s.trim()),
    minConfidence: numberFlag('min-confidence', values['min-confidence']),
  };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const checked = flagSettingsSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0] as z.core.$ZodIssue;
    const key = String(issue.path[0] ?? '');
    throw new UsageError(
      `--${kebab(key)} ${issue.message}, not "${String(values[kebab(key) as keyof typeof values] ?? '')}"`,
    );
  }
  if (checked.data.endpoint && checked.data.bucket) {
    throw new UsageError('give either --endpoint or --bucket, not both');
  }
  if ((command === 'run' || command === 'check') && !values.config) {
    throw new UsageError(`${command} needs --config FILE (a cameras.json)`);
  }
  if (command === 'video' && !values['camera-id']) {
    throw new UsageError('video needs --camera-id ID');
  }
  if (command === 'video' && values.config) {
    throw new UsageError('--config is for run and check; video takes FILE and --camera-id');
  }
  if (values['camera-id'] !== undefined && command !== 'video') {
    throw new UsageError(
      '--camera-id is for video; in run and check each camera has its id in the file',
    );
  }
  let startTime: Date | undefined;
  if (values['start-time'] !== undefined) {
    if (command !== 'video') throw new UsageError('--start-time is for video only');
    const ok =
      /T.*(Z|[+-]\d\d:?\d\d)$/i.test(values['start-time']) &&
      !Number.isNaN(Date.parse(values['start-time']));
    if (!ok) {
      throw new UsageError(
        `--start-time must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z, not "${values['start-time']}"`,
      );
    }
    startTime = new Date(values['start-time']);
  }
  const spoolMaxMb = numberFlag('spool-max-mb', values['spool-max-mb']);
  if (spoolMaxMb !== undefined && spoolMaxMb <= 0)
    throw new UsageError('--spool-max-mb must be above 0');
  const drainTimeout = numberFlag('drain-timeout', values['drain-timeout']) ?? 30;
  if (drainTimeout < 0) throw new UsageError('--drain-timeout must be 0 or more seconds');
  if (values.save !== undefined && !values['dry-run']) {
    throw new UsageError(
      '--save DIR goes with --dry-run (it writes the frames that would be sent)',
    );
  }
  if (values['spool-dir'] === '') throw new UsageError('--spool-dir must not be empty');
  return {
    command,
    ...(command === 'video' ? { file: rest[0] } : {}),
    ...(values.config ? { config: values.config } : {}),
    ...(values['camera-id'] ? { cameraId: values['camera-id'] } : {}),
    settings: checked.data as SharedSettings,
    ...(startTime ? { startTime } : {}),
    ...(values['spool-dir'] ? { spoolDir: values['spool-dir'] } : {}),
    ...(spoolMaxMb !== undefined ? { spoolMaxMb } : {}),
    json: values.json ?? false,
    dryRun: values['dry-run'] ?? false,
    ...(values.save ? { save: values.save } : {}),
    ...(values.ffmpeg ? { ffmpeg: values.ffmpeg } : {}),
    drainTimeout,
  };
}
