import { describe, expect, it } from 'vitest';
import { makeBuildReport } from '../../lambda/core/build-report.js';
import type { HourStats } from '../../lambda/domain/compliance-report.js';

const hour = (h: string, cameraId: string, compliant: number, violations: number): HourStats => ({
  hour: h,
  cameraId,
  location: 'dock',
  frames: 1,
  rejected: 0,
  persons: compliant + violations,
  compliant,
  violations,
  indeterminate: 0,
  falsePositives: 0,
  falsePositivesByEquipment: {},
  violationsByEquipment: violations > 0 ? { HAND_COVER: violations } : {},
});

describe('building a compliance report', () => {
  it('reads the hourly counters of the whole hours in the window, and only those', async () => {
    const asked: [string, string][] = [];
    const buildReport = makeBuildReport({
      hourStats: async (fromHour, toHour) => {
        asked.push([fromHour, toHour]);
        return [];
      },
    });

    const report = await buildReport({
      from: Date.parse('2026-11-27T08:00:00Z'),
      to: Date.parse('2026-11-28T10:00:00Z'),
      groupBy: 'camera',
      interval: 'day',
    });

    expect(asked).toEqual([['2026-11-27T08', '2026-11-28T10']]);
    expect(report).toEqual({
      from: '2026-11-27T08:00:00.000Z',
      to: '2026-11-28T10:00:00.000Z',
      groupBy: 'camera',
      interval: 'day',
      groups: [],
    });
  });

  it('folds the counters into groups with their compliance rate', async () => {
    const buildReport = makeBuildReport({
      hourStats: async () => [
        hour('2026-11-27T08', 'cam-1', 3, 1),
        hour('2026-11-27T09', 'cam-1', 1, 3),
        hour('2026-11-27T09', 'cam-2', 2, 0),
      ],
    });

    const { groups } = await buildReport({
      from: Date.parse('2026-11-27T00:00:00Z'),
      to: Date.parse('2026-11-28T00:00:00Z'),
      groupBy: 'camera',
      interval: 'day',
    });

    expect(groups.map(({ key, total }) => [key, total.complianceRate])).toEqual([
      ['cam-1', 0.5],
      ['cam-2', 1],
    ]);
    expect(groups[0]?.total.violationsByEquipment).toEqual({ HAND_COVER: 4 });
  });
});
