import type { EquipmentType } from './equipment.js';

/** What is counted of frames and the persons in them. */
export interface Counts {
  frames: number;
  rejected: number;
  persons: number;
  compliant: number;
  /** Persons in violation, those a reviewer marked false-positive left out. */
  violations: number;
  indeterminate: number;
  /** Persons in violation that a reviewer marked false-positive. */
  falsePositives: number;
  violationsByEquipment: Partial<Record<EquipmentType, number>>;
}

/**
 * One camera's counters for one hour at one location, as the results table keeps them: there,
 * `violations` and `violationsByEquipment` count every violating person as analysed, and a
 * review marking one false-positive counts it in `falsePositives` and `falsePositivesByEquipment`.
 */
export interface HourStats extends Counts {
  hour: string;
  cameraId: string;
  location: string;
  falsePositivesByEquipment: Partial<Record<EquipmentType, number>>;
}

/** How a report groups and buckets. */
export interface ReportShape {
  groupBy: 'camera' | 'location';
  interval: 'hour' | 'day';
}

/** Counts over one bucket or one whole group. */
export interface ReportCounts extends Counts {
  /** compliant / (compliant + violations); null when no one could be judged. */
  complianceRate: number | null;
}

/** One group of a report: a camera or a location, bucket by bucket, with its total. */
export interface ReportGroup {
  key: string;
  buckets: (ReportCounts & { start: string })[];
  total: ReportCounts;
}

/** Counts of nothing: a fresh object each time, so callers may add to it. */
export function emptyCounts(): Counts {
  return {
    frames: 0,
    rejected: 0,
    persons: 0,
    compliant: 0,
    violations: 0,
    indeterminate: 0,
    falsePositives: 0,
    violationsByEquipment: {},
  };
}

/** An hour's counts with its false positives taken out of the violations. */
function judged(hour: HourStats): Counts {
  return {
    frames: hour.frames,
    rejected: hour.rejected,
    persons: hour.persons,
    compliant: hour.compliant,
    violations: Math.max(0, hour.violations - hour.falsePositives),
    indeterminate: hour.indeterminate,
    falsePositives: hour.falsePositives,
    violationsByEquipment: Object.fromEntries(
      Object.keys(hour.violationsByEquipment)
        .map((type) => [
          type,
          Math.max(
            0,
            (hour.violationsByEquipment[type] ?? 0) - (hour.falsePositivesByEquipment[type] ?? 0),
          ),
        ])
        .filter(([, count]) => count !== 0),
    ),
  };
}

function add(into: Counts, stats: Counts): void {
  into.frames += stats.frames;
  into.rejected += stats.rejected;
  into.persons += stats.persons;
  into.compliant += stats.compliant;
  into.violations += stats.violations;
  into.indeterminate += stats.indeterminate;
  into.falsePositives += stats.falsePositives;
  for (const type of Object.keys(stats.violationsByEquipment).sort()) {
    const count = stats.violationsByEquipment[type] ?? 0;
    if (count > 0)
      into.violationsByEquipment[type] = (into.violationsByEquipment[type] ?? 0) + count;
  }
}

function withRate(counts: Counts): ReportCounts {
  const judged = counts.compliant + counts.violations;
  const complianceRate =
    judged === 0 ? null : Math.round((counts.compliant / judged) * 10_000) / 10_000;
  return { ...counts, complianceRate };
}

/**
 * Folds hourly counters into a report: per camera or location, per hour or UTC day, newest
 * buckets last. Frames without a location group under "". False positives are counted apart and
 * left out of the violations and of the compliance rate.
 */
export function buildComplianceReport(
  stats: readonly HourStats[],
  shape: ReportShape,
): ReportGroup[] {
  const groups = new Map<string, Map<string, Counts>>();
  for (const hour of stats) {
    const key = shape.groupBy === 'camera' ? hour.cameraId : hour.location;
    const start = shape.interval === 'hour' ? hour.hour : `${hour.hour.slice(0, 10)}T00:00:00.000Z`;
    const buckets = groups.get(key) ?? new Map();
    groups.set(key, buckets);
    const bucket = buckets.get(start) ?? emptyCounts();
    buckets.set(start, bucket);
    add(bucket, judged(hour));
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, buckets]) => {
      const total = emptyCounts();
      const ordered = [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b));
      for (const [, counts] of ordered) {
        add(total, counts);
      }
      return {
        key,
        buckets: ordered.map(([start, counts]) => ({ start, ...withRate(counts) })),
        total: withRate(total),
      };
    });
}

/** Several counts added up, with their compliance rate: a report's groups as one total. */
export function totalOf(counts: readonly Counts[]): ReportCounts {
  const total = emptyCounts();
  for (const each of counts) add(total, each);
  return withRate(total);
}
