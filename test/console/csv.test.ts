import { describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../console/src/api/contracts.js';
import { reportToCsv } from '../../console/src/logic/csv.js';

const counts = {
  frames: 2,
  rejected: 1,
  persons: 5,
  compliant: 1,
  violations: 3,
  falsePositives: 0,
  indeterminate: 1,
  complianceRate: 0.25,
  violationsByEquipment: { HAND_COVER: 3 },
};

describe('the compliance CSV', () => {
  it('has one row per group and bucket with the report numbers as the API gave them', () => {
    const report: ComplianceReport = {
      from: '2026-11-27T00:00:00.000Z',
      to: '2026-11-28T00:00:00.000Z',
      groupBy: 'camera',
      interval: 'day',
      groups: [
        {
          camera: 'cam-01',
          buckets: [{ ...counts, falsePositives: 2, start: '2026-11-27T00:00:00.000Z' }],
          total: counts,
        },
        {
          camera: 'cam-02',
          buckets: [{ ...counts, complianceRate: null, start: '2026-11-27T00:00:00.000Z' }],
          total: counts,
        },
      ],
    };
    expect(reportToCsv(report)).toBe(
      'group,start,frames,rejected,persons,compliant,violations,falsePositives,indeterminate,complianceRate\r\n' +
        'cam-01,2026-11-27T00:00:00.000Z,2,1,5,1,3,2,1,0.25\r\n' +
        'cam-02,2026-11-27T00:00:00.000Z,2,1,5,1,3,0,1,\r\n',
    );
  });

  it('quotes commas, quotes and formula-like names, and names the frames without a location', () => {
    const bucket = { ...counts, start: '2026-11-27T00:00:00.000Z' };
    const report: ComplianceReport = {
      from: bucket.start,
      to: bucket.start,
      groupBy: 'location',
      interval: 'day',
      groups: [
        { location: 'plant "3", line 2', buckets: [bucket], total: counts },
        { location: '=HYPERLINK("x")', buckets: [bucket], total: counts },
        { location: '', buckets: [bucket], total: counts },
      ],
    };
    const names = reportToCsv(report)
      .split('\r\n')
      .slice(1, 4)
      .map((row) => row.slice(0, row.indexOf(',2026')));
    expect(names).toEqual(['"plant ""3"", line 2"', '"=HYPERLINK(""x"")"', '(none)']);
  });
});
