import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFirehoseExportSink, packRecords } from '../../lambda/adapters/firehose-export-sink.js';
import type { ExportRow } from '../../lambda/domain/export-rows.js';

const firehose = mockClient(FirehoseClient);
const streams = {
  frames: 'frames-stream',
  persons: 'persons-stream',
  reviews: 'reviews-stream',
  hourly: 'hourly-stream',
};
const sink = () =>
  makeFirehoseExportSink(new FirehoseClient({ region: 'eu-west-1' }), streams, { retryBaseMs: 1 });
const row = (table: ExportRow['table'], id: string): ExportRow => ({
  table,
  row: { frame_id: id, day: '2026-11-27' },
});
const decoded = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

beforeEach(() => {
  firehose.reset();
});

describe('the Firehose export sink', () => {
  it('sends each table to its stream, its rows packed as newline-delimited JSON', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'r' }] });

    const failed = await sink().put([
      row('frames', 'f-1'),
      row('persons', 'f-1'),
      row('persons', 'f-2'),
    ]);

    expect(failed).toEqual([]);
    const calls = firehose.commandCalls(PutRecordBatchCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.DeliveryStreamName)).toEqual([
      'frames-stream',
      'persons-stream',
    ]);
    expect(decoded(calls[1]?.Records?.[0]?.Data)).toBe(
      '{"frame_id":"f-1","day":"2026-11-27"}\n{"frame_id":"f-2","day":"2026-11-27"}\n',
    );
  });

  it('packs at most 500 rows into a record, as Firehose deaggregates', () => {
    const lines = Array.from({ length: 1201 }, (_, index) => ({ index, json: '{"a":1}' }));

    expect(packRecords(lines).map((record) => record.rows.length)).toEqual([500, 500, 201]);
  });

  it('sends again what Firehose refused, and answers the rows still refused', async () => {
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }],
    });

    const failed = await sink().put([row('frames', 'f-1'), row('persons', 'f-1')]);

    expect(failed.sort()).toEqual([0, 1]);
    expect(firehose.commandCalls(PutRecordBatchCommand)).toHaveLength(8);
  });

  it('answers nothing failed once a retry is accepted', async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'r' }] });

    expect(await sink().put([row('reviews', 'f-1')])).toEqual([]);
  });
});
