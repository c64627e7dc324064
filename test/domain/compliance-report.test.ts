import { describe, expect, it } from 'vitest';
import { buildComplianceReport, type HourStats } from '../../lambda/domain/compliance-report.js';

const hour = (
  h: string,
  cameraId: string,
  location: string,
  counts: Partial<HourStats>,
): HourStats => ({
  hour: `2026-11-${h}:00:00.000Z`,
  cameraId,
  location,
  frames: 0,
  rejected: 0,
  persons: 0,
  compliant: 0,
  violations: 0,
  indeterminate: 0,
  falsePositives: 0,
  falsePositivesByEquipment: {},
  violationsByEquipment: {},
  ...counts,
});

const stats = [
  hour('27T09', 'cam-1', 'plant/a', {
    frames: 10,
    persons: 20,
    compliant: 15,
    violations: 5,
    violationsByEquipment: { HEAD_COVER: 5 },
  }),
  hour('27T10', 'cam-1', 'plant/a', { frames: 5, persons: 5, compliant: 5, rejected: 1 }),
  hour('27T09', 'cam-2', 'plant/a', {
    frames: 2,
    persons: 4,
    violations: 3,
    indeterminate: 1,
    violationsByEquipment: { HEAD_COVER: 1, FACE_COVER: 3 },
  }),
  hour('26T23', 'cam-2', 'plant/b', { frames: 1, persons: 1, indeterminate: 1 }),
];

describe('buildComplianceReport', () => {
  it('groups by camera and day, with the compliance rate over judged persons', () => {
    const [cam1] = buildComplianceReport(stats, { groupBy: 'camera', interval: 'day' });

    expect(cam1).toEqual({
      key: 'cam-1',
      buckets: [
        {
          start: '2026-11-27T00:00:00.000Z',
          frames: 15,
          rejected: 1,
          persons: 25,
          compliant: 20,
          violations: 5,
          indeterminate: 0,
          falsePositives: 0,
          complianceRate: 0.8,
          violationsByEquipment: { HEAD_COVER: 5 },
        },
      ],
      total: expect.objectContaining({ frames: 15, complianceRate: 0.8 }),
    });
  });

  it('groups by location and hour, adding cameras together', () => {
    const report = buildComplianceReport(stats, { groupBy: 'location', interval: 'hour' });

    expect(report.map((group) => group.key)).toEqual(['plant/a', 'plant/b']);
    expect(report[0]?.buckets[0]).toMatchObject({
      start: '2026-11-27T09:00:00.000Z',
      frames: 12,
      violations: 8,
      violationsByEquipment: { HEAD_COVER: 6, FACE_COVER: 3 },
    });
  });

  it('counts false positives apart and leaves them out of violations, their types and the rate', () => {
    const [cam] = buildComplianceReport(
      [
        hour('27T09', 'cam-fp', 'plant/a', {
          frames: 4,
          persons: 4,
          compliant: 2,
          violations: 2,
          violationsByEquipment: { HEAD_COVER: 2, HAND_COVER: 1 },
          falsePositives: 1,
          falsePositivesByEquipment: { HEAD_COVER: 1, HAND_COVER: 1 },
        }),
      ],
      { groupBy: 'camera', interval: 'day' },
    );

    expect(cam?.total).toMatchObject({
      violations: 1,
      falsePositives: 1,
      violationsByEquipment: { HEAD_COVER: 1 },
      complianceRate: 0.6667,
    });
    expect(cam?.total.violationsByEquipment).not.toHaveProperty('HAND_COVER');
  });

  it('reports no compliance rate where no one could be judged', () => {
    const report = buildComplianceReport(stats, { groupBy: 'location', interval: 'day' });

    expect(report[1]?.total).toMatchObject({ indeterminate: 1, complianceRate: null });
  });

  it('orders buckets oldest first within a group', () => {
    const [, cam2] = buildComplianceReport(stats, { groupBy: 'camera', interval: 'day' });

    expect(cam2?.buckets.map((bucket) => bucket.start)).toEqual([
      '2026-11-26T00:00:00.000Z',
      '2026-11-27T00:00:00.000Z',
    ]);
  });
});
