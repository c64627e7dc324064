import { DateTime } from 'luxon';

/** The spans a scheduled report can cover. */
export const REPORT_PERIODS = ['day', 'week', 'month'] as const;

/** The span a scheduled report covers, in calendar terms of its time zone. */
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** A report's window: whole UTC hours, `from` included, `to` excluded (epoch ms). */
export interface ReportWindow {
  from: number;
  to: number;
}

const HOUR = 3_600_000;
const hourFloor = (ms: number) => Math.floor(ms / HOUR) * HOUR;

const SPANS: Record<ReportPeriod, { days?: number; weeks?: number; months?: number }> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
};

/** The instant one calendar period before `ms`, on the wall clock of `timeZone`. */
function periodBefore(ms: number, period: ReportPeriod, timeZone: string): number {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return local.minus(SPANS[period]).toMillis();
}

/**
 * The period a report run at `at` covers, and the one before it, for comparison: the period
 * ends at `at` rounded down to the hour (statistics are hourly), and starts one calendar day,
 * week or month earlier on the wall clock of `timeZone` (so a week across a daylight-saving
 * change is 167 or 169 hours, and still starts at the same local time), rounded down to the hour.
 * The period before ends where this one starts and is measured the same way.
 */
export function reportWindows(
  at: number,
  period: ReportPeriod,
  timeZone: string,
): { current: ReportWindow; previous: ReportWindow } {
  const to = hourFloor(at);
  const from = hourFloor(periodBefore(to, period, timeZone));
  const previousFrom = hourFloor(periodBefore(from, period, timeZone));
  return { current: { from, to }, previous: { from: previousFrom, to: from } };
}

/** A window's bounds on the wall clock of `timeZone`, e.g. `Mon 23 Nov 2026 06:00`. */
export function localTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('ccc d LLL yyyy HH:mm', {
    locale: 'en-GB',
  });
}
