import { EQUIPMENT_TYPES, type EquipmentType } from './equipment.js';

/** What is counted of frames and the persons in them. */
export interface Counts {
  frames: number;
  rejected: number;
  persons: number;
  compliant: number;
  violations: number;
  indeterminate: number;
  violationsByEquipment: Partial<Record<EquipmentType, number>>;
}

/** One camera's counters for one hour at one location, as the results table keeps them. */
export interface HourStats extends Counts {
  hour: string;
  cameraId: string;
  location: string;
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

function emptyCounts(): Counts {
  return {
    frames: 0,
    rejected: 0,
    persons: 0,
    compliant: 0,
    violations: 0,
    indeterminate: 0,
    violationsByEquipment: {},
  };
}

function add(into: Counts, stats: Counts): void {
  into.frames += stats.frames;
  into.rejected += stats.rejected;
  into.persons += stats.persons;
  into.compliant += stats.compliant;
  into.violations += stats.violations;
  into.indeterminate += stats.indeterminate;
  for (const type of EQUIPMENT_TYPES) {
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
 * buckets last. Frames without a location group under "".
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
    add(bucket, hour);
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
