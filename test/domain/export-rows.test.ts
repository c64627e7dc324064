import { describe, expect, it } from 'vitest';
import { exportRows } from '../../lambda/domain/export-rows.js';

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
    ['a statistics item', { eventName: 'MODIFY', newImage: { pk: 'STATS#2026-11-27', sk: 'x' } }],
  ] as const)('gives no row for %s', (_what, change) => {
    expect(exportRows(change as Parameters<typeof exportRows>[0])).toEqual([]);
  });

  it('gives the same rows for a redelivered change, so deduplication by key is exact', () => {
    const change = { eventName: 'INSERT', newImage: committed } as const;

    expect(exportRows(change)).toEqual(exportRows(change));
  });
});
