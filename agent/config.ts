import * as z from 'zod';
import { EQUIPMENT_TYPES } from '../lambda/domain/equipment.js';
import { CAMERA_ID_PATTERN } from '../lambda/schemas/frame-request.js';
import { DEFAULT_MOTION, type MotionSettings } from './motion.js';

const seconds = (what: string, min: number) =>
  z
    .number({ error: `must be a number of seconds (${what})` })
    .min(min, { error: `must be at least ${min} (${what})` })
    .max(86_400, { error: 'must be at most 86400 (a day)' });

const equipment = z
  .array(z.enum(EQUIPMENT_TYPES, { error: `must list only ${EQUIPMENT_TYPES.join(', ')}` }), {
    error: `must be an array of ${EQUIPMENT_TYPES.join(', ')}`,
  })
  .min(1, { error: `must list at least one of ${EQUIPMENT_TYPES.join(', ')}` });

const unit = z
  .number({ error: 'must be a number from 0 to 1 (a fraction of the frame)' })
  .min(0, { error: 'must be from 0 to 1 (a fraction of the frame)' })
  .max(1, { error: 'must be from 0 to 1 (a fraction of the frame)' });

const motionObject = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  threshold: z
    .number({ error: 'must be a grey-level difference from 1 to 255' })
    .int({ error: 'must be a whole number from 1 to 255' })
    .min(1, { error: 'must be from 1 to 255' })
    .max(255, { error: 'must be from 1 to 255' })
    .optional(),
  minArea: z
    .number({ error: 'must be a fraction of the frame, from 0 to 0.5 (such as 0.001)' })
    .min(0, { error: 'must be from 0 to 0.5' })
    .max(0.5, { error: 'must be from 0 to 0.5' })
    .optional(),
  masks: z
    .array(
      z
        .array(
          z.tuple([unit, unit], { error: 'must be a point [x, y] in fractions of the frame' }),
          {
            error: 'must be a polygon: an array of [x, y] points',
          },
        )
        .min(3, { error: 'must be a polygon of at least 3 points' }),
      { error: 'must be an array of polygons' },
    )
    .optional(),
});

const url = z
  .string({
    error: 'is required: rtsp://, http(s):// (MJPEG or JPEG snapshot), a file or /dev/videoN',
  })
  .min(1, { error: 'must not be empty' });

/** Settings that a flag, the file's top level, or one camera may give. */
const shared = {
  endpoint: z
    .url({ error: 'must be an http(s) URL, the API base (frames go to <URL>/frames)' })
    .optional(),
  bucket: z
    .string({ error: 'must be an S3 bucket name' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' })
    .optional(),
  auth: z.enum(['sigv4', 'none'], { error: 'must be "sigv4" or "none"' }).optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' })
    .optional(),
  interval: seconds('between frames while the scene changes', 0.2).optional(),
  heartbeat: seconds('0 = never', 0).optional(),
  location: z
    .string({ error: 'must be a string such as "plant-3/line-2"' })
    .min(1)
    .max(256)
    .optional(),
  requiredEquipment: equipment.optional(),
  minConfidence: z
    .number({ error: 'must be a number from 50 to 100' })
    .min(50, { error: 'must be a number from 50 to 100' })
    .max(100, { error: 'must be a number from 50 to 100' })
    .optional(),
};

const motion = z
  .union([z.enum(['on', 'off']), motionObject], {
    error: 'must be "on", "off" or {"threshold", "minArea", "masks"}',
  })
  .optional();

const cameraSchema = z.strictObject({
  id: z
    .string({ error: 'is required: 1 to 64 letters, digits, ".", "_" or "-"' })
    .regex(CAMERA_ID_PATTERN, { error: 'must be 1 to 64 letters, digits, ".", "_" or "-"' })
    .refine((id) => id !== '.' && id !== '..', { error: 'must not be "." or ".."' }),
  url,
  motionUrl: url.optional(),
  motion,
  ...shared,
});

/** `cameras.json`, as DESIGN.md lays it out. */
export const configFileSchema = z.strictObject({
  ...shared,
  motion,
  spoolDir: z.string().min(1).optional(),
  spoolMaxMb: z.number().positive({ error: 'must be a number of MB above 0' }).optional(),
  cameras: z
    .array(cameraSchema, { error: 'must be an array of cameras' })
    .min(1, { error: 'must list at least one camera' })
    .superRefine((cameras, ctx) => {
      const seen = new Set<string>();
      cameras.forEach((camera, index) => {
        if (seen.has(camera.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `repeats "${camera.id}": ids must be unique`,
          });
        }
        seen.add(camera.id);
      });
    }),
});

/** A parsed `cameras.json`. */
export type ConfigFile = z.infer<typeof configFileSchema>;
type CameraEntry = z.infer<typeof cameraSchema>;
/** The settings every layer may give. */
export type SharedSettings = Partial<{
  [K in keyof typeof shared]: z.infer<(typeof shared)[K]>;
}> & {
  motion?: z.infer<typeof motion>;
};

/** A zod path as a user reads it: `cameras[2].url`. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/** Every problem zod found, one per line, each naming its path. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = prefix + pathOf(issue.path);
      if (issue.code === 'unrecognized_keys') {
        return `${path || '(top level)'}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      }
      return `${path || '(top level)'} ${issue.message}`;
    })
    .join('\n');
}

/** One camera, every setting resolved. */
export interface CameraSettings {
  id: string;
  url: string;
  motionUrl?: string;
  target:
    | { kind: 'api'; endpoint: string; auth: 'sigv4' | 'none'; region?: string }
    | { kind: 's3'; bucket: string; region?: string };
  interval: number;
  heartbeat: number;
  motion: { enabled: boolean } & MotionSettings;
  location?: string;
  requiredEquipment?: string[];
  minConfidence?: number;
}

/** A setting that the layers leave unresolvable; `key` names it for the message. */
export class ConfigError extends Error {}

function resolveMotion(...layers: SharedSettings['motion'][]): CameraSettings['motion'] {
  const result = { enabled: true, ...DEFAULT_MOTION };
  // lowest layer first: file top level, camera, then the command line
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === 'on' || layer === 'off') result.enabled = layer === 'on';
    else {
      if (layer.enabled !== undefined) result.enabled = layer.enabled;
      if (layer.threshold !== undefined) result.threshold = layer.threshold;
      if (layer.minArea !== undefined) result.minArea = layer.minArea;
      if (layer.masks !== undefined) result.masks = layer.masks;
    }
  }
  return result;
}

/**
 * One camera's settings: a command-line flag wins over the camera's own key, which wins over the
 * file's top level, which wins over the defaults (interval 2 s, heartbeat 60 s, motion on).
 * `where` names the camera for errors (`cameras[2]`).
 */
export function resolveCamera(
  camera: Pick<CameraEntry, 'id' | 'url' | 'motionUrl'> & SharedSettings,
  top: SharedSettings,
  flags: SharedSettings,
  where: string,
  needTarget: boolean,
): CameraSettings {
  const pickValue = <K extends keyof SharedSettings>(key: K): SharedSettings[K] =>
    flags[key] ?? camera[key] ?? top[key];
  // A flag's target replaces the file's whole target, so --endpoint beats a file's bucket.
  const layerTarget = [flags, camera, top].find(
    (l) => l.endpoint !== undefined || l.bucket !== undefined,
  );
  if (layerTarget?.endpoint !== undefined && layerTarget.bucket !== undefined) {
    throw new ConfigError(
      `${where}: give either endpoint (--endpoint) or bucket (--bucket), not both`,
    );
  }
  const region = pickValue('region');
  let target: CameraSettings['target'];
  if (layerTarget?.endpoint) {
    target = {
      kind: 'api',
      endpoint: layerTarget.endpoint,
      auth: pickValue('auth') ?? 'sigv4',
      ...(region ? { region } : {}),
    };
  } else if (layerTarget?.bucket) {
    target = { kind: 's3', bucket: layerTarget.bucket, ...(region ? { region } : {}) };
  } else if (needTarget) {
    throw new ConfigError(
      `${where}: no destination: give --endpoint URL (POST /frames) or --bucket NAME (the S3 path), or "endpoint"/"bucket" in the config file`,
    );
  } else {
    target = { kind: 'api', endpoint: 'http://127.0.0.1:0', auth: 'none' };
  }
  const location = pickValue('location');
  const requiredEquipment = pickValue('requiredEquipment');
  const minConfidence = pickValue('minConfidence');
  return {
    id: camera.id,
    url: camera.url,
    ...(camera.motionUrl ? { motionUrl: camera.motionUrl } : {}),
    target,
    interval: pickValue('interval') ?? 2,
    heartbeat: pickValue('heartbeat') ?? 60,
    motion: resolveMotion(top.motion, camera.motion, flags.motion),
    ...(location ? { location } : {}),
    ...(requiredEquipment ? { requiredEquipment } : {}),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
  };
}

/** The flag-level settings schema, to validate values given on the command line. */
export const flagSettingsSchema = z.strictObject({ ...shared, motion });
