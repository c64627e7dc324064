import { describe, expect, it } from 'vitest';
import { exportRows, latestStatsImages } from '../../lambda/domain/export-rows.js';

const committed = {
  pk: 'FRAME#f-1',
  sk: 'FRAME',
  state: 'DONE',
  frameId: 'f-1',
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  capturedAt: '2026-11-27T23:59:59.500Z',
  source: 'api',
  requiredEquipment: ['HEAD_COVER'],
  minConfidence: 80,
  summary: {
    personsWithRequiredEquipment: [0],
    personsWithoutRequiredEquipment: [1],
    personsIndeterminate: [],
  },
  persons: [
    {
      personId: 0,
      status: 'compliant',
      missingEquipment: [],
      uncertainEquipment: [],
      confidence: 99.1,
      boundingBox: { left: 0.1, top: 0.2, width: 0.2, height: 0.7 },
    },
    {
      personId: 1,
      status: 'violation',
      missingEquipment: ['HEAD_COVER'],
      uncertainEquipment: [],
      confidence: 98,
      boundingBox: { left: 0.5, top: 0.2, width: 0.2, height: 0.7 },
    },
  ],
  image: { bucket: 'ingest', key: 'frames/cam-01/f-1.jpg' },
  alertState: 'PENDING',
  requestHash: 'abc',
};

describe('the export rows of a results-table change', () => {
  it('gives a committed frame its frame row and a row per person, partitioned by capture day', () => {
    const rows = exportRows({
      eventName: 'MODIFY',
      newImage: committed,
      oldImage: { pk: 'FRAME#f-1', sk: 'FRAME', state: 'PROCESSING' },
    });

    expect(rows.map((row) => row.table)).toEqual(['frames', 'persons', 'persons']);
    expect(rows[0]?.row).toEqual({
      frame_id: 'f-1',
      camera_id: 'cam-01',
      location: 'plant-3/line-2',
      captured_at: '2026-11-27 23:59:59.500',
      day: '2026-11-27',
      source: 'api',
      status: 'analysed',
      rejection_reason: null,
      required_equipment: ['HEAD_COVER'],
      min_confidence: 80,
      persons: 2,
      compliant: 1,
      violations: 1,
      indeterminate: 0,
    });
    expect(rows[2]?.row).toMatchObject({
      person_id: 1,
      status: 'violation',
      missing_equipment: ['HEAD_COVER'],
    });
  });

  it('keeps no image key, bounding box, body part or face data in any row', () => {
    const withBodyParts = {
      ...committed,
      persons: committed.persons.map((person) => ({
        ...person,
        bodyParts: [{ name: 'FACE', confidence: 99, equipment: [] }],
      })),
    };
    const text = JSON.stringify(exportRows({ eventName: 'INSERT', newImage: withBodyParts }));

    expect(text).not.toMatch(/boundingBox|bodyParts|FACE"|frames\/cam-01|left|image|alert/i);
  });

  it('gives a rejected frame one frame row with its reason and no persons', () => {
    const rows = exportRows({
      eventName: 'MODIFY',
      newImage: {
        pk: 'FRAME#f-2',
        sk: 'FRAME',
        state: 'DONE',
        frameId: 'f-2',
        cameraId: 'cam-01',
        capturedAt: '2026-11-27T09:00:00Z',
        source: 's3',
        status: 'rejected',
        rejection: { reason: 'not-an-image', message: '...' },
      },
      oldImage: { state: 'PROCESSING' },
    });

    expect(rows).toEqual([
      {
        table: 'frames',
        row: expect.objectContaining({
          status: 'rejected',
          rejection_reason: 'not-an-image',
          location: '',
          persons: 0,
        }),
      },
    ]);
  });

  it('gives a review change a versioned review row on the day of capture', () => {
    const person = {
      pk: 'FRAME#f-1',
      sk: 'PERSON#01',
      frameId: 'f-1',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T23:59:59.500Z',
      personId: 1,
      status: 'violation',
      boundingBox: { left: 0.5, top: 0.2, width: 0.2, height: 0.7 },
    };
    const rows = exportRows({
      eventName: 'MODIFY',
      newImage: {
        ...person,
        reviewCount: 2,
        review: {
          disposition: 'false-positive',
          reviewedBy: 'arn:aws:sts::1:assumed-role/r/alice',
          reviewedAt: '2026-11-29T08:00:00.000Z',
        },
      },
      oldImage: { ...person, reviewCount: 1 },
    });

    expect(rows).toEqual([
      {
        table: 'reviews',
        row: {
          frame_id: 'f-1',
          person_id: 1,
          camera_id: 'cam-01',
          location: 'plant-3/line-2',
          captured_at: '2026-11-27 23:59:59.500',
          review_version: 2,
          disposition: 'false-positive',
          reviewed_at: '2026-11-29 08:00:00.000',
          day: '2026-11-27',
        },
      },
    ]);
  });

  it.each([
    ['a claim', { eventName: 'INSERT', newImage: { sk: 'FRAME', state: 'PROCESSING' } }],
    [
      "a committed frame's later update (its alert sent)",
      { eventName: 'MODIFY', newImage: committed, oldImage: committed },
    ],
    ['a TTL deletion', { eventName: 'REMOVE', oldImage: committed }],
    [
      'a person record written before the commit',
      { eventName: 'INSERT', newImage: { sk: 'PERSON#00', personId: 0 } },
    ],
  ] as const)('gives no row for %s', (_what, change) => {
    expect(exportRows(change as Parameters<typeof exportRows>[0])).toEqual([]);
  });

  it('gives the same rows for a redelivered change, so deduplication by key is exact', () => {
    const change = { eventName: 'INSERT', newImage: committed } as const;

    expect(exportRows(change)).toEqual(exportRows(change));
  });
});

const stats = {
  pk: 'STATS#2026-11-27',
  sk: '2026-11-27T23#cam-01#plant-3%2Fline-2',
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  hour: '2026-11-27T23:00:00.000Z',
  expiresAt: 1_800_000_000,
  updates: 7,
  frames: 5,
  rejected: 1,
  persons: 9,
  compliant: 6,
  violations: 3,
  indeterminate: 0,
  falsePositives: 1,
  missing_HEAD_COVER: 2,
  missing_EAR_PROTECTION: 1,
  falsePositive_HEAD_COVER: 1,
};

describe('the hourly rows of statistics items', () => {
  it("gives a statistics item's image its counters, versioned by its update count, on the hour's day", () => {
    expect(exportRows({ eventName: 'MODIFY', newImage: stats, oldImage: stats })).toEqual([
      {
        table: 'hourly',
        row: {
          camera_id: 'cam-01',
          location: 'plant-3/line-2',
          hour: '2026-11-27 23:00:00.000',
          version: 7,
          frames: 5,
          rejected: 1,
          persons: 9,
          compliant: 6,
          violations: 3,
          indeterminate: 0,
          false_positives: 1,
          missing: { HEAD_COVER: 2, EAR_PROTECTION: 1 },
          false_positive_missing: { HEAD_COVER: 1 },
          day: '2026-11-27',
        },
      },
    ]);
  });

  it('counts a counter the item does not have yet as 0 (a first rejection, an hour seen only by a review)', () => {
    const [row] = exportRows({
      eventName: 'INSERT',
      newImage: {
        pk: stats.pk,
        sk: stats.sk,
        cameraId: 'cam-01',
        location: '',
        hour: stats.hour,
        updates: 1,
        falsePositives: 1,
        falsePositive_CUSTOM_HARNESS: 1,
      },
    });

    expect(row?.row).toMatchObject({
      frames: 0,
      violations: 0,
      false_positives: 1,
      missing: {},
      false_positive_missing: { CUSTOM_HARNESS: 1 },
      location: '',
    });
  });

  it('gives no row when a statistics item expires', () => {
    expect(exportRows({ eventName: 'REMOVE', oldImage: stats })).toEqual([]);
  });

  it("keeps only a batch's last image of each statistics item, and every other change", () => {
    const image = (sk: string, updates: number) => ({
      eventName: 'MODIFY' as const,
      newImage: { ...stats, sk, updates },
    });
    const frame = { eventName: 'MODIFY' as const, newImage: committed };
    const changes = [
      image('hour-a', 1),
      frame,
      image('hour-b', 4),
      image('hour-a', 2),
      image('hour-a', 3),
      { eventName: 'REMOVE' as const, oldImage: stats },
    ];

    expect(latestStatsImages(changes)).toEqual([
      frame,
      image('hour-b', 4),
      image('hour-a', 3),
      { eventName: 'REMOVE', oldImage: stats },
    ]);
  });
});
