import {
  buildComplianceReport,
  type ReportGroup,
  type ReportShape,
} from '../domain/compliance-report.js';
import type { ResultsQueries } from './ports.js';

/** A report to build: whole hours from `from` to `to` (epoch ms), grouped and bucketed. */
export interface ReportRequest extends ReportShape {
  from: number;
  to: number;
}

/** A compliance report over a time window. */
export interface ComplianceReport extends ReportShape {
  from: string;
  to: string;
  groups: ReportGroup[];
}

const hourKey = (ms: number) => new Date(ms).toISOString().slice(0, 13);

/**
 * Builds the compliance report from the hourly counters the results table keeps, so that a
 * report over weeks reads one item per camera and hour, never the frames.
 */
export function makeBuildReport(queries: Pick<ResultsQueries, 'hourStats'>) {
  return async function buildReport(request: ReportRequest): Promise<ComplianceReport> {
    const { from, to, groupBy, interval } = request;
    const stats = await queries.hourStats(hourKey(from), hourKey(to));
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      groupBy,
      interval,
      groups: buildComplianceReport(stats, { groupBy, interval }),
    };
  };
}

/** The function that builds a compliance report. */
export type BuildReport = ReturnType<typeof makeBuildReport>;
