import { comparePeriods, type PeriodReport } from '../domain/period-report.js';
import type { ReportWindow } from '../domain/report-period.js';
import type { BuildReport } from './build-report.js';

/**
 * Builds a period report through the compliance report use case (the same numbers as
 * GET /reports/compliance): each period by location and by camera, compared. The scheduled
 * function passes the use case over the table; `npm run report` passes one over the API.
 */
export function makeBuildPeriodReport(buildReport: BuildReport) {
  return async function buildPeriodReport(request: {
    period: ReportWindow;
    previousPeriod: ReportWindow;
    timeZone: string;
  }): Promise<PeriodReport> {
    const grouped = (window: ReportWindow, groupBy: 'location' | 'camera') =>
      buildReport({ ...window, groupBy, interval: 'day' }).then((report) => report.groups);
    const [location, camera, previousLocation, previousCamera] = await Promise.all([
      grouped(request.period, 'location'),
      grouped(request.period, 'camera'),
      grouped(request.previousPeriod, 'location'),
      grouped(request.previousPeriod, 'camera'),
    ]);
    return comparePeriods({
      ...request,
      current: { byLocation: location, byCamera: camera },
      previous: { byLocation: previousLocation, byCamera: previousCamera },
    });
  };
}

/** The function that builds a period report. */
export type BuildPeriodReport = ReturnType<typeof makeBuildPeriodReport>;
