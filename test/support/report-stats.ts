import { makeBuildReport } from '../../lambda/core/build-report.js';
import type { HourStats } from '../../lambda/domain/compliance-report.js';

/** One camera-hour of statistics, as the results table keeps it. */
export function hourStats(
  hour: string,
  cameraId: string,
  location: string,
  counts: { compliant: number; violations: number; falsePositives?: number; frames?: number },
): HourStats {
  const falsePositives = counts.falsePositives ?? 0;
  return {
    hour: `${hour}:00:00.000Z`,
    cameraId,
    location,
    frames: counts.frames ?? 1,
    rejected: 0,
    persons: counts.compliant + counts.violations,
    compliant: counts.compliant,
    violations: counts.violations,
    indeterminate: 0,
    falsePositives,
    violationsByEquipment: counts.violations > 0 ? { HEAD_COVER: counts.violations } : {},
    falsePositivesByEquipment: falsePositives > 0 ? { HEAD_COVER: falsePositives } : {},
  };
}

/**
 * The compliance report use case over fixed statistics, answering for the whole hours asked
 * (from included, to excluded) as the DynamoDB adapter does.
 */
export function buildReportOver(stats: readonly HourStats[]) {
  return makeBuildReport({
    hourStats: async (fromHour, toHour) =>
      stats.filter((s) => s.hour.slice(0, 13) >= fromHour && s.hour.slice(0, 13) < toHour),
  });
}

/** A week of two locations and three cameras, and a week before it. */
export const TWO_WEEKS: readonly HourStats[] = [
  // The week before: 2026-11-16 to 2026-11-23.
  hourStats('2026-11-17T09', 'cam-1', 'plant-3/line-2', { compliant: 8, violations: 2 }),
  hourStats('2026-11-18T10', 'cam-3', 'dock', { compliant: 5, violations: 0 }),
  // The week: 2026-11-23 06:00 to 2026-11-30 06:00 UTC.
  hourStats('2026-11-23T06', 'cam-1', 'plant-3/line-2', {
    compliant: 3,
    violations: 4,
    falsePositives: 1,
    frames: 2,
  }),
  hourStats('2026-11-24T13', 'cam-2', 'plant-3/line-2', { compliant: 6, violations: 0 }),
  hourStats('2026-11-29T23', 'cam-3', 'dock', { compliant: 1, violations: 3 }),
  // After the week: not in it.
  hourStats('2026-11-30T06', 'cam-1', 'plant-3/line-2', { compliant: 0, violations: 9 }),
];
