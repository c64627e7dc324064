import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type ExportSink, makeExportChanges } from '../../lambda/core/export-changes.js';
import type { ExportRow } from '../../lambda/domain/export-rows.js';
import { makeExportStreamHandler } from '../../lambda/handlers/export-stream.js';

const commit = (frameId: string, sequence: string): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall({
      pk: `FRAME#${frameId}`,
      sk: 'FRAME',
      state: 'DONE',
      frameId,
      cameraId: 'cam-01',
      capturedAt: '2026-11-27T09:00:00Z',
      summary: {
        personsWithRequiredEquipment: [0],
        personsWithoutRequiredEquipment: [],
        personsIndeterminate: [],
      },
      persons: [{ personId: 0, status: 'compliant', missingEquipment: [], uncertainEquipment: [] }],
    }) as never,
    OldImage: marshall({ pk: `FRAME#${frameId}`, sk: 'FRAME', state: 'PROCESSING' }) as never,
  },
});

const statsImage = (camera: string, updates: number, sequence: string): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall({
      pk: 'STATS#2026-11-27',
      sk: `2026-11-27T09#${camera}#`,
      cameraId: camera,
      location: '',
      hour: '2026-11-27T09:00:00.000Z',
      updates,
      frames: updates,
    }) as never,
  },
});

function handlerWith(sink: ExportSink) {
  return makeExportStreamHandler({ exportChanges: makeExportChanges(sink), logError: () => {} });
}

describe('the export stream handler', () => {
  it('writes the rows of every commit in the batch and reports no failure', async () => {
    const written: ExportRow[] = [];
    const handler = handlerWith({
      put: async (rows) => {
        written.push(...rows);
        return [];
      },
    });

    const response = await handler({ Records: [commit('f-1', '1'), commit('f-2', '2')] });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(written.map(({ table, row }) => `${table}:${row.frame_id}`)).toEqual([
      'frames:f-1',
      'persons:f-1',
      'frames:f-2',
      'persons:f-2',
    ]);
  });

  it("writes one hourly row per statistics item of the batch, its last image's", async () => {
    const written: ExportRow[] = [];
    const handler = handlerWith({
      put: async (rows) => {
        written.push(...rows);
        return [];
      },
    });

    await handler({
      Records: [
        commit('f-1', '1'),
        statsImage('cam-01', 1, '2'),
        statsImage('cam-02', 5, '3'),
        commit('f-2', '4'),
        statsImage('cam-01', 2, '5'),
      ],
    });

    expect(
      written
        .filter(({ table }) => table === 'hourly')
        .map(({ row }) => `${row.camera_id}:${row.version}:${row.frames}`),
    ).toEqual(['cam-02:5:5', 'cam-01:2:2']);
    expect(written.filter(({ table }) => table === 'frames')).toHaveLength(2);
  });

  it("retries from a statistics item's last image when its row was not written", async () => {
    const handler = handlerWith({
      put: async (rows) => [rows.findIndex(({ table }) => table === 'hourly')],
    });

    const response = await handler({
      Records: [statsImage('cam-01', 1, '1'), commit('f-1', '2'), statsImage('cam-01', 2, '3')],
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '3' }] });
  });

  it('reports the first record whose rows were not all written, so the stream retries from it', async () => {
    const handler = handlerWith({ put: async (rows) => (rows.length === 6 ? [3] : []) });

    const response = await handler({
      Records: [commit('f-1', '1'), commit('f-2', '2'), commit('f-3', '3')],
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  });

  it('lets a failing sink fail the invocation, so the batch is retried and bisected', async () => {
    const handler = handlerWith({
      put: async () => {
        throw new Error('down');
      },
    });

    await expect(handler({ Records: [commit('f-1', '1')] })).rejects.toThrow('down');
  });
});
