import { describe, expect, it } from 'vitest';
import { localTime, reportWindows } from '../../lambda/domain/report-period.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (window: { from: number; to: number }) => ({
  from: new Date(window.from).toISOString(),
  to: new Date(window.to).toISOString(),
});
const HOUR = 3_600_000;

describe('reportWindows', () => {
  it('covers the 7 days up to a Monday 06:00 UTC run, and the 7 days before them', () => {
    const { current, previous } = reportWindows(ms('2026-11-30T06:00:00Z'), 'week', 'UTC');

    expect(iso(current)).toEqual({
      from: '2026-11-23T06:00:00.000Z',
      to: '2026-11-30T06:00:00.000Z',
    });
    expect(iso(previous)).toEqual({
      from: '2026-11-16T06:00:00.000Z',
      to: '2026-11-23T06:00:00.000Z',
    });
  });

  it('ends at the run time rounded down to the hour, as the statistics are hourly', () => {
    const { current } = reportWindows(ms('2026-11-30T06:00:59.123Z'), 'day', 'UTC');

    expect(iso(current)).toEqual({
      from: '2026-11-29T06:00:00.000Z',
      to: '2026-11-30T06:00:00.000Z',
    });
  });

  it('measures the week on the local clock: Monday 06:00 in Berlin is 05:00 UTC in winter', () => {
    const { current } = reportWindows(ms('2026-11-30T05:00:00Z'), 'week', 'Europe/Berlin');

    expect(iso(current)).toEqual({
      from: '2026-11-23T05:00:00.000Z',
      to: '2026-11-30T05:00:00.000Z',
    });
    expect(localTime(current.from, 'Europe/Berlin')).toBe('Mon 23 Nov 2026 06:00');
  });

  it('gives the week in which clocks go back (25 Oct 2026 in Berlin) 169 hours, from Monday 06:00 to Monday 06:00', () => {
    const { current, previous } = reportWindows(
      ms('2026-10-26T05:00:00Z'),
      'week',
      'Europe/Berlin',
    );

    expect(iso(current)).toEqual({
      from: '2026-10-19T04:00:00.000Z',
      to: '2026-10-26T05:00:00.000Z',
    });
    expect((current.to - current.from) / HOUR).toBe(169);
    expect(localTime(current.from, 'Europe/Berlin')).toBe('Mon 19 Oct 2026 06:00');
    expect((previous.to - previous.from) / HOUR).toBe(168);
  });

  it('gives the week in which clocks go forward (29 Mar 2026 in Berlin) 167 hours', () => {
    const { current } = reportWindows(ms('2026-03-30T04:00:00Z'), 'week', 'Europe/Berlin');

    expect(iso(current)).toEqual({
      from: '2026-03-23T05:00:00.000Z',
      to: '2026-03-30T04:00:00.000Z',
    });
    expect((current.to - current.from) / HOUR).toBe(167);
  });

  it('takes a calendar month, and the month before it, for a monthly report', () => {
    const { current, previous } = reportWindows(ms('2026-03-01T06:00:00Z'), 'month', 'UTC');

    expect(iso(current)).toEqual({
      from: '2026-02-01T06:00:00.000Z',
      to: '2026-03-01T06:00:00.000Z',
    });
    expect(iso(previous)).toEqual({
      from: '2026-01-01T06:00:00.000Z',
      to: '2026-02-01T06:00:00.000Z',
    });
  });

  it('rounds both ends down to whole UTC hours in a zone half an hour off UTC', () => {
    const { current } = reportWindows(ms('2026-11-30T00:30:00Z'), 'week', 'Asia/Kolkata');

    expect(iso(current)).toEqual({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    });
  });

  it('refuses a time zone it does not know', () => {
    expect(() => reportWindows(ms('2026-11-30T06:00:00Z'), 'week', 'Mars/Olympus_Mons')).toThrow(
      'Unknown time zone "Mars/Olympus_Mons"',
    );
  });
});
