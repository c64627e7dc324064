import type { RekognitionPerson } from '../../lambda/domain/evaluate-persons.js';
import { frameContext } from '../../lambda/domain/frame-context.js';
import { buildFrameResult, type FrameResult } from '../../lambda/domain/frame-result.js';
import type { PolicySet } from '../../lambda/domain/policy.js';

/** What a generated store holds: frames spread over `days` days that end at `end`. */
export interface FrameSetOptions {
  count: number;
  /** Capture time of the newest frame. */
  end: Date;
  /** @default 3 */
  days?: number;
  /** @default 1 */
  seed?: number;
}

/** The stack's default policy, as `npm start` runs it (face and head covers at 80%). */
export const DEFAULT_POLICIES: PolicySet = {
  default: {
    id: 'default',
    requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
    minConfidence: 80,
    alertOnIndeterminate: false,
    cooldownSeconds: 0,
  },
  rules: [],
};

/** The cameras of the generated site: a few per location, one without a location. */
export const CAMERAS: readonly { cameraId: string; location?: string }[] = [
  { cameraId: 'cam-01', location: 'plant-1/line-1' },
  { cameraId: 'cam-02', location: 'plant-1/line-1' },
  { cameraId: 'cam-03', location: 'plant-1/line-2' },
  { cameraId: 'cam-04', location: 'plant-1/dock' },
  { cameraId: 'cam-05', location: 'plant-2/line-1' },
  { cameraId: 'cam-06', location: 'plant-2/line-1' },
  { cameraId: 'cam-07', location: 'plant-2/paint' },
  { cameraId: 'cam-08', location: 'plant-3/line-2' },
  { cameraId: 'cam-09', location: 'plant-3/line-2' },
  { cameraId: 'cam-10', location: 'plant-3/store' },
  { cameraId: 'cam-11', location: 'yard' },
  { cameraId: 'gate' },
];

/** A small seeded generator (mulberry32), so that a run's store is the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const box = (next: () => number, size: number) => ({
  Left: next() * (1 - size),
  Top: next() * (1 - size),
  Width: size,
  Height: size * 1.6,
});

type Wear = 'covered' | 'bare' | 'unsure';

/** A body part as DetectProtectiveEquipment reports it, wearing `type` or not. */
function bodyPart(next: () => number, name: string, type: string | undefined, wear: Wear) {
  const confidence = wear === 'unsure' ? 40 + next() * 30 : 90 + next() * 10;
  return {
    Name: name,
    Confidence: confidence,
    EquipmentDetections:
      type && wear === 'covered'
        ? [
            {
              Type: type,
              Confidence: 90 + next() * 10,
              BoundingBox: box(next, 0.05),
              CoversBodyPart: { Value: true, Confidence: 90 + next() * 10 },
            },
          ]
        : [],
  };
}

/**
 * A person as Rekognition reports one: each of face cover, head cover and gloves worn about
 * four times in five; now and then a part it cannot see well (indeterminate) or a person it is
 * unsure of.
 */
function person(next: () => number, id: number): RekognitionPerson {
  const wear = (): Wear => {
    const roll = next();
    return roll < 0.78 ? 'covered' : roll < 0.97 ? 'bare' : 'unsure';
  };
  const hands = wear();
  return {
    Id: id,
    Confidence: next() < 0.03 ? 60 + next() * 19 : 85 + next() * 15,
    BoundingBox: box(next, 0.08 + next() * 0.15),
    BodyParts: [
      bodyPart(next, 'FACE', 'FACE_COVER', wear()),
      bodyPart(next, 'HEAD', 'HEAD_COVER', wear()),
      bodyPart(next, 'LEFT_HAND', 'HAND_COVER', hands),
      bodyPart(next, 'RIGHT_HAND', 'HAND_COVER', hands),
    ],
  };
}

const PERSONS_PER_FRAME = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6];

/**
 * Frame results as the pipeline stores them: the project's own context and verdict rules
 * (frameContext, buildFrameResult) applied to generated DetectProtectiveEquipment answers, on
 * the API path under the default policy, some senders requiring gloves too. Capture times are
 * evenly spread with jitter over the days before `end`, newest last; ids are unique per seed.
 */
export function generateFrames(options: FrameSetOptions): FrameResult[] {
  const { count, end, days = 3, seed = 1 } = options;
  const next = random(seed);
  const span = days * 86_400_000;
  const step = span / count;
  const frames: FrameResult[] = [];
  for (let index = 0; index < count; index++) {
    const camera = CAMERAS[Math.floor(next() * CAMERAS.length)] ?? { cameraId: 'gate' };
    const at = end.getTime() - span + step * (index + next() * 0.9) + step * 0.1;
    const capturedAt = new Date(Math.min(at, end.getTime())).toISOString();
    const persons = PERSONS_PER_FRAME[Math.floor(next() * PERSONS_PER_FRAME.length)] ?? 1;
    const { context, alertOnIndeterminate } = frameContext(
      {
        frameId: `bench-${seed}-${String(index).padStart(6, '0')}`,
        ...camera,
        capturedAt,
        source: 'api',
        overrides:
          next() < 0.2
            ? { requiredEquipment: ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] }
            : undefined,
      },
      DEFAULT_POLICIES,
    );
    const response = {
      ProtectiveEquipmentModelVersion: '1.0',
      Persons: Array.from({ length: persons }, (_, id) => person(next, id)),
    };
    frames.push(buildFrameResult(context, response, alertOnIndeterminate).result);
  }
  return frames;
}

/** Persons in violation among frames captured in [from, to), optionally of one camera and type. */
export function violationsIn(
  frames: readonly FrameResult[],
  range: { from: string; to: string; cameraId?: string; equipment?: string },
): number {
  return frames
    .filter((frame) => frame.capturedAt >= range.from && frame.capturedAt < range.to)
    .filter((frame) => range.cameraId === undefined || frame.cameraId === range.cameraId)
    .flatMap((frame) => frame.persons)
    .filter(
      (person) =>
        person.status === 'violation' &&
        (range.equipment === undefined ||
          (person.missingEquipment as string[]).includes(range.equipment)),
    ).length;
}
