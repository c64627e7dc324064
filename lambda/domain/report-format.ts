import type { PeriodReport } from './period-report.js';
import { localTime, type ReportWindow } from './report-period.js';

/** A compliance rate for people: `92.3%`, or `n/a` when no one was judged. */
export const formatRate = (rate: number | null) =>
  rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;

/** A change of a count with its sign: `+34`, `-5`, `0`. */
export const formatSigned = (change: number) =>
  change > 0 ? `+${change.toLocaleString('en-US')}` : change.toLocaleString('en-US');

/** A change of a rate in percentage points: `+1.2 points`, or `n/a`. */
export const formatPoints = (change: number | null) =>
  change === null ? 'n/a' : `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)} points`;

/** A count with thousands separators. */
export const formatCount = (count: number) => count.toLocaleString('en-US');

/** A window on the wall clock of the report's time zone, then in UTC. */
export function windowLabel(window: ReportWindow, timeZone: string): string {
  const local = `${localTime(window.from, timeZone)} to ${localTime(window.to, timeZone)} (${timeZone})`;
  return timeZone === 'UTC'
    ? local
    : `${local}, ${new Date(window.from).toISOString()} to ${new Date(window.to).toISOString()}`;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The console's compliance view for the report's period, by location and day: the console
 * filters by whole UTC days (`to` included), so the link covers the days the period touches.
 */
export function consoleLink(consoleUrl: string, report: PeriodReport): string {
  const query = new URLSearchParams({
    groupBy: 'location',
    interval: 'day',
    from: utcDay(report.period.from),
    to: utcDay(report.period.to - 1),
  });
  return `${consoleUrl.replace(/\/+$/, '')}/compliance?${query}`;
}
