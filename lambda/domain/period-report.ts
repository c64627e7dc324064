import { emptyCounts, type ReportCounts, type ReportGroup, totalOf } from './compliance-report.js';
import { EQUIPMENT_TYPES } from './equipment.js';
import type { ReportWindow } from './report-period.js';

/** How a row of a period report changed against the period before (this minus before). */
export interface PeriodChange {
  frames: number;
  persons: number;
  violations: number;
  falsePositives: number;
  /** In rate units (0.012 is 1.2 points); null when either period judged no one. */
  complianceRate: number | null;
}

/** One location, one camera, or the whole site, in the period and the period before. */
export interface PeriodRow {
  group: 'total' | 'location' | 'camera';
  /** The location or camera id; "" for the total (and for frames without a location). */
  key: string;
  current: ReportCounts;
  previous: ReportCounts;
  change: PeriodChange;
}

/** A compliance report over one period, compared with the period before it. */
export interface PeriodReport {
  period: ReportWindow;
  previousPeriod: ReportWindow;
  /** The time zone its periods were measured in (shown beside the UTC bounds). */
  timeZone: string;
  total: PeriodRow;
  locations: PeriodRow[];
  cameras: PeriodRow[];
  /** The built-in equipment types, then any other with a violation in either period: the columns. */
  equipment: string[];
}

/** One period's compliance report in both groupings, as GET /reports/compliance gives them. */
export interface GroupedReports {
  byLocation: readonly ReportGroup[];
  byCamera: readonly ReportGroup[];
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

function row(
  group: PeriodRow['group'],
  key: string,
  current: ReportCounts,
  previous: ReportCounts,
): PeriodRow {
  return {
    group,
    key,
    current,
    previous,
    change: {
      frames: current.frames - previous.frames,
      persons: current.persons - previous.persons,
      violations: current.violations - previous.violations,
      falsePositives: current.falsePositives - previous.falsePositives,
      complianceRate:
        current.complianceRate === null || previous.complianceRate === null
          ? null
          : round4(current.complianceRate - previous.complianceRate),
    },
  };
}

/** Every key of either period, each with its totals (zero where it had no traffic). */
function rows(
  group: 'location' | 'camera',
  current: readonly ReportGroup[],
  previous: readonly ReportGroup[],
): PeriodRow[] {
  const now = new Map(current.map((g) => [g.key, g.total]));
  const before = new Map(previous.map((g) => [g.key, g.total]));
  const empty = totalOf([emptyCounts()]);
  return [...new Set([...now.keys(), ...before.keys()])]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => row(group, key, now.get(key) ?? empty, before.get(key) ?? empty));
}

/**
 * Puts a period's compliance report beside the one before it: the site's total, and a row per
 * location and per camera that had frames in either period, each with its change. The totals are
 * the sums of the per-location totals (every frame has one location, "" when none).
 */
export function comparePeriods(input: {
  period: ReportWindow;
  previousPeriod: ReportWindow;
  timeZone: string;
  current: GroupedReports;
  previous: GroupedReports;
}): PeriodReport {
  const { current, previous } = input;
  const locations = rows('location', current.byLocation, previous.byLocation);
  const cameras = rows('camera', current.byCamera, previous.byCamera);
  const total = row(
    'total',
    '',
    totalOf(current.byLocation.map((g) => g.total)),
    totalOf(previous.byLocation.map((g) => g.total)),
  );
  const seen = [total.current, total.previous].flatMap((counts) =>
    Object.keys(counts.violationsByEquipment),
  );
  const equipment = [...new Set<string>([...EQUIPMENT_TYPES, ...seen.sort()])];
  return {
    period: input.period,
    previousPeriod: input.previousPeriod,
    timeZone: input.timeZone,
    total,
    locations,
    cameras,
    equipment,
  };
}

/** Whether no frame was analysed in the period (a report still says so). */
export const isEmptyPeriod = (report: PeriodReport) =>
  report.total.current.frames === 0 && report.total.current.rejected === 0;

/**
 * The locations that did worst in the period: lowest compliance rate first, then most
 * violations; only locations where someone was judged and someone violated.
 */
export function worstLocations(report: PeriodReport, count = 3): PeriodRow[] {
  return report.locations
    .filter((r) => r.current.complianceRate !== null && r.current.violations > 0)
    .sort(
      (a, b) =>
        (a.current.complianceRate ?? 1) - (b.current.complianceRate ?? 1) ||
        b.current.violations - a.current.violations ||
        a.key.localeCompare(b.key),
    )
    .slice(0, count);
}
