import { describe, expect, it } from 'vitest';
import {
  complianceFiltersToSearch,
  complianceQuery,
  parseComplianceFilters,
  parseViolationFilters,
  type ViolationFilters,
  violationFiltersToSearch,
  violationsQuery,
} from '../../console/src/logic/filters.js';

describe('violations filters and the address', () => {
  it('round-trips every filter through the query string', () => {
    const filters: ViolationFilters = {
      day: '2026-11-27',
      cameraId: 'cam-01',
      location: 'plant-3/line 2',
      equipment: 'HEAD_COVER',
      review: 'false-positive',
    };
    const search = violationFiltersToSearch(filters);
    expect(search).toBe(
      'day=2026-11-27&cameraId=cam-01&location=plant-3%2Fline+2&equipment=HEAD_COVER&review=false-positive',
    );
    expect(parseViolationFilters(`?${search}`)).toEqual(filters);
  });

  it('drops values it cannot use: a day that does not exist, malformed equipment, unknown review, a bad camera id', () => {
    expect(
      parseViolationFilters(
        '?day=2026-02-30&cameraId=cam%2001&equipment=gloves!&review=maybe&location=',
      ),
    ).toEqual({});
    expect(parseViolationFilters('?day=27-11-2026&equipment=HAND_COVER&other=1')).toEqual({
      equipment: 'HAND_COVER',
    });
  });

  it("keeps a custom type of the deployment, which the API's filter takes too", () => {
    expect(parseViolationFilters('?equipment=HIGH_VIS_VEST')).toEqual({
      equipment: 'HIGH_VIS_VEST',
    });
  });

  it("turns a day into the API's from/to of that UTC day, and passes the rest as named", () => {
    const query = violationsQuery(
      { day: '2026-12-31', cameraId: 'cam-01', review: 'unreviewed' },
      'tok',
    );
    expect(Object.fromEntries(query)).toEqual({
      from: '2026-12-31T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
      cameraId: 'cam-01',
      review: 'unreviewed',
      nextToken: 'tok',
    });
    expect(violationsQuery({}).toString()).toBe('');
  });
});

describe('compliance settings and the address', () => {
  it('round-trips the settings and defaults to camera and day', () => {
    const filters = parseComplianceFilters(
      '?groupBy=location&interval=hour&from=2026-11-01&to=2026-11-30',
    );
    expect(filters).toEqual({
      groupBy: 'location',
      interval: 'hour',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(parseComplianceFilters(`?${complianceFiltersToSearch(filters)}`)).toEqual(filters);
    expect(parseComplianceFilters('?groupBy=site&interval=week')).toEqual({
      groupBy: 'camera',
      interval: 'day',
    });
  });

  it('drops a period whose start is after its end, and includes the last day in the query', () => {
    expect(parseComplianceFilters('?from=2026-11-30&to=2026-11-01')).toEqual({
      groupBy: 'camera',
      interval: 'day',
    });
    expect(
      Object.fromEntries(
        complianceQuery({
          groupBy: 'camera',
          interval: 'day',
          from: '2026-11-01',
          to: '2026-11-30',
        }),
      ),
    ).toEqual({
      groupBy: 'camera',
      interval: 'day',
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    });
  });
});
