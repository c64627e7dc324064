import type { StoredFrame } from '../core/ports.js';
import { EQUIPMENT_TYPES } from '../domain/equipment.js';

/**
 * Hourly counters per camera and location, so that a compliance report reads one small item per
 * camera-hour whatever the number of frames or persons in it:
 * pk `STATS#<yyyy-mm-dd>`, sk `<yyyy-mm-ddThh>#<cameraId>#<location, URI-encoded>`.
 * A day's items share a partition, so a report reads a day with one Query.
 */
export function statsKey(frame: Pick<StoredFrame, 'capturedAt' | 'cameraId' | 'location'>) {
  const hour = frame.capturedAt.slice(0, 13);
  return {
    pk: `STATS#${hour.slice(0, 10)}`,
    sk: `${hour}#${frame.cameraId}#${encodeURIComponent(frame.location ?? '')}`,
  };
}

/** The counters one stored frame adds to its hour. */
export const STATS_COUNTERS = [
  'frames',
  'rejected',
  'persons',
  'compliant',
  'violations',
  'indeterminate',
  ...EQUIPMENT_TYPES.map((type) => `missing_${type}` as const),
] as const;

/**
 * A counter of the hour's item: one of {@link STATS_COUNTERS}, or `missing_<TYPE>` of a custom
 * type (type names are capitals and `_`, so each is a valid attribute name as it stands).
 */
export type StatsCounter = (typeof STATS_COUNTERS)[number] | `missing_${string}`;

/** The prefix of the per-type counters of violations, built-in and custom alike. */
export const MISSING_PREFIX = 'missing_';

/** What one frame contributes: a rejection counts as rejected; a result counts its persons. */
export function frameCounts(frame: StoredFrame): Partial<Record<StatsCounter, number>> {
  if (frame.status === 'rejected') return { rejected: 1 };
  const counts: Partial<Record<StatsCounter, number>> = {
    frames: 1,
    persons: frame.persons.length,
    compliant: frame.summary.personsWithRequiredEquipment.length,
    violations: frame.summary.personsWithoutRequiredEquipment.length,
    indeterminate: frame.summary.personsIndeterminate.length,
  };
  for (const person of frame.persons) {
    if (person.status !== 'violation') continue;
    for (const type of person.missingEquipment) {
      counts[`missing_${type}`] = (counts[`missing_${type}`] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Every UpdateItem of a stats item adds 1 to this counter, so that each new image the stream
 * gives of the item carries a higher number: the export keeps the highest per camera-hour.
 */
export const STATS_VERSION = 'updates';

/** The UpdateItem that adds a frame to its hour's counters, for a transaction with its commit. */
export function statsUpdate(tableName: string, frame: StoredFrame, expiresAt: number) {
  const counts = Object.entries(frameCounts(frame)).filter(([, value]) => value !== 0);
  return {
    TableName: tableName,
    Key: statsKey(frame),
    UpdateExpression: `SET cameraId = :camera, #location = :location, #hour = :hour, expiresAt = :expires ADD ${STATS_VERSION} :one, ${counts
      .map(([name]) => `${name} :${name}`)
      .join(', ')}`,
    ExpressionAttributeNames: { '#location': 'location', '#hour': 'hour' },
    ExpressionAttributeValues: {
      ':camera': frame.cameraId,
      ':location': frame.location ?? '',
      ':hour': `${frame.capturedAt.slice(0, 13)}:00:00.000Z`,
      ':expires': expiresAt,
      ':one': 1,
      ...Object.fromEntries(counts.map(([name, value]) => [`:${name}`, value])),
    },
  };
}

/** The counter a false positive of one missing type moves, beside `falsePositives`. */
export const falsePositiveCounter = (type: string) => `falsePositive_${type}`;

/**
 * The UpdateItem that moves an hour's false-positive counters by `delta` (+1 or -1) for one
 * person, for the review's transaction. The hour's identity is set when missing, so that the
 * item reads as a report hour even if it had expired before its persons.
 */
export function falsePositiveUpdate(
  tableName: string,
  person: { capturedAt: string; cameraId: string; location?: string; expiresAt: number },
  missingEquipment: readonly string[],
  delta: 1 | -1,
) {
  const counters = ['falsePositives', ...missingEquipment.map(falsePositiveCounter)];
  return {
    TableName: tableName,
    Key: statsKey(person),
    UpdateExpression: `SET cameraId = if_not_exists(cameraId, :camera), #location = if_not_exists(#location, :location), #hour = if_not_exists(#hour, :hour), expiresAt = if_not_exists(expiresAt, :expires) ADD ${STATS_VERSION} :one, ${counters
      .map((name, index) => `${name} :d${index}`)
      .join(', ')}`,
    ExpressionAttributeNames: { '#location': 'location', '#hour': 'hour' },
    ExpressionAttributeValues: {
      ':camera': person.cameraId,
      ':location': person.location ?? '',
      ':hour': `${person.capturedAt.slice(0, 13)}:00:00.000Z`,
      ':expires': person.expiresAt,
      ':one': 1,
      ...Object.fromEntries(counters.map((_, index) => [`:d${index}`, delta])),
    },
  };
}
