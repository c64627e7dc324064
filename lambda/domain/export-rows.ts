import type { ExportTable } from './export-tables.js';

/** One change to a results-table item, as DynamoDB Streams reports it (images unmarshalled). */
export interface ItemChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/** A row for one export table, with its partition `day`. */
export interface ExportRow {
  table: ExportTable;
  row: Record<string, unknown> & { day: string };
}

/**
 * An ISO instant as Athena's and Firehose's Hive JSON deserializer read a timestamp by default
 * (`java.sql.Timestamp.valueOf`: `yyyy-MM-dd HH:mm:ss.SSS`, UTC), which DuckDB casts as well.
 */
export function exportTimestamp(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`Not an instant: ${iso}`);
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);

function identity(item: Record<string, unknown>) {
  const capturedAt = text(item.capturedAt);
  return {
    frame_id: text(item.frameId),
    camera_id: text(item.cameraId),
    location: text(item.location),
    captured_at: exportTimestamp(capturedAt),
    day: new Date(capturedAt).toISOString().slice(0, 10),
  };
}

/**
 * A committed frame's rows: the frame, and each of its persons taken from the frame record's
 * compact persons (so that only committed frames count, never the person records written
 * before a commit that may not happen). Box, body parts and image key stay behind.
 */
function frameRows(item: Record<string, unknown>): ExportRow[] {
  const base = identity(item);
  if (item.status === 'rejected') {
    const rejection = (item.rejection ?? {}) as { reason?: unknown };
    return [
      {
        table: 'frames',
        row: {
          ...base,
          source: text(item.source),
          status: 'rejected',
          rejection_reason: text(rejection.reason),
          required_equipment: [],
          min_confidence: null,
          persons: 0,
          compliant: 0,
          violations: 0,
          indeterminate: 0,
        },
      },
    ];
  }
  const summary = (item.summary ?? {}) as Record<string, unknown>;
  const persons = (Array.isArray(item.persons) ? item.persons : []) as Record<string, unknown>[];
  return [
    {
      table: 'frames',
      row: {
        ...base,
        source: text(item.source),
        status: 'analysed',
        rejection_reason: null,
        required_equipment: strings(item.requiredEquipment),
        min_confidence: typeof item.minConfidence === 'number' ? item.minConfidence : null,
        persons: persons.length,
        compliant: count(summary.personsWithRequiredEquipment),
        violations: count(summary.personsWithoutRequiredEquipment),
        indeterminate: count(summary.personsIndeterminate),
      },
    },
    ...persons.map(
      (person): ExportRow => ({
        table: 'persons',
        row: {
          frame_id: base.frame_id,
          person_id: Number(person.personId),
          camera_id: base.camera_id,
          location: base.location,
          captured_at: base.captured_at,
          status: text(person.status),
          confidence: typeof person.confidence === 'number' ? person.confidence : null,
          missing_equipment: strings(person.missingEquipment),
          uncertain_equipment: strings(person.uncertainEquipment),
          day: base.day,
        },
      }),
    ),
  ];
}

/** A review change: the person record's new review, versioned by its `reviewCount`. */
function reviewRow(item: Record<string, unknown>): ExportRow {
  const review = item.review as { disposition?: unknown; reviewedAt?: unknown };
  const base = identity(item);
  return {
    table: 'reviews',
    row: {
      frame_id: base.frame_id,
      person_id: Number(item.personId),
      camera_id: base.camera_id,
      location: base.location,
      captured_at: base.captured_at,
      review_version: Number(item.reviewCount ?? 0),
      disposition: text(review.disposition),
      reviewed_at: exportTimestamp(text(review.reviewedAt)),
      day: base.day,
    },
  };
}

const STATS_PREFIX = 'STATS#';
const MISSING_PREFIX = 'missing_';
const FALSE_POSITIVE_PREFIX = 'falsePositive_';

/** Whether a change is an image of a camera-hour's statistics item. */
export function isStatsChange({ newImage }: ItemChange): boolean {
  return typeof newImage?.pk === 'string' && newImage.pk.startsWith(STATS_PREFIX);
}

/** The attributes named `<prefix><TYPE>`, as a map from type to count. */
function byType(item: Record<string, unknown>, prefix: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(item)
      .filter(([name, value]) => name.startsWith(prefix) && typeof value === 'number')
      .map(([name, value]) => [name.slice(prefix.length), value as number]),
  );
}

/**
 * A statistics item's row: its counters as they stand after this change, versioned by the
 * item's update count (0 for an item written before the count existed).
 */
function hourlyRow(item: Record<string, unknown>): ExportRow {
  const counter = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  const hour = text(item.hour) || `${text(item.sk).slice(0, 13)}:00:00.000Z`;
  return {
    table: 'hourly',
    row: {
      camera_id: text(item.cameraId),
      location: text(item.location),
      hour: exportTimestamp(hour),
      version: counter('updates'),
      frames: counter('frames'),
      rejected: counter('rejected'),
      persons: counter('persons'),
      compliant: counter('compliant'),
      violations: counter('violations'),
      indeterminate: counter('indeterminate'),
      false_positives: counter('falsePositives'),
      missing: byType(item, MISSING_PREFIX),
      false_positive_missing: byType(item, FALSE_POSITIVE_PREFIX),
      day: new Date(hour).toISOString().slice(0, 10),
    },
  };
}

/** Whether a change is a frame's commit: its record became DONE (a claim is PROCESSING). */
export function isFrameCommit({ newImage, oldImage }: ItemChange): boolean {
  return newImage?.sk === 'FRAME' && newImage.state === 'DONE' && oldImage?.state !== 'DONE';
}

/** Whether a change is a review: a person record whose review version moved. */
export function isReviewChange({ newImage, oldImage }: ItemChange): boolean {
  return (
    typeof newImage?.sk === 'string' &&
    newImage.sk.startsWith('PERSON#') &&
    typeof newImage.review === 'object' &&
    newImage.review !== null &&
    newImage.reviewCount !== oldImage?.reviewCount
  );
}

/**
 * The export rows of one results-table change: a frame's commit gives its frame and person
 * rows, a review gives its review row, a statistics item's change gives its hourly row, anything
 * else (claims, alert state, camera items, TTL deletions, a frame record's later updates) gives
 * none. Rows are a pure function of
 * the change, so a redelivered change gives the same rows: queries keep one per key.
 */
export function exportRows(change: ItemChange): ExportRow[] {
  if (change.eventName === 'REMOVE' || !change.newImage) return [];
  if (isFrameCommit(change)) return frameRows(change.newImage);
  if (isReviewChange(change)) return [reviewRow(change.newImage)];
  if (isStatsChange(change)) return [hourlyRow(change.newImage)];
  return [];
}

/**
 * The changes of a batch worth exporting: of several images of one statistics item, only the
 * last (the stream gives an item's changes in order, and each image holds all counts so far),
 * so a busy camera-hour gives one hourly row per batch rather than one per frame.
 */
export function latestStatsImages<T extends ItemChange>(changes: readonly T[]): T[] {
  const last = new Map<string, number>();
  for (const [index, change] of changes.entries()) {
    if (change.eventName !== 'REMOVE' && isStatsChange(change)) {
      last.set(`${String(change.newImage?.pk)}\u0000${String(change.newImage?.sk)}`, index);
    }
  }
  const kept = new Set(last.values());
  return changes.filter(
    (change, index) => change.eventName === 'REMOVE' || !isStatsChange(change) || kept.has(index),
  );
}
