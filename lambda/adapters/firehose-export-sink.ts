import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { ExportSink } from '../core/export-changes.js';
import type { ExportRow } from '../domain/export-rows.js';
import type { ExportTable } from '../domain/export-tables.js';

/** PutRecordBatch's limits: 500 records and 4 MiB a call, 1,000 KiB a record. */
const MAX_RECORDS_PER_CALL = 500;
const MAX_CALL_BYTES = 4 * 1024 * 1024;
/** An aggregated record's limits: Firehose deaggregates at most 500 JSON objects a record. */
export const MAX_ROWS_PER_RECORD = 500;
export const MAX_RECORD_BYTES = 1000 * 1024;
/** How often records Firehose refused (throttling, service errors) are sent again. */
const RETRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PackedRecord {
  data: Uint8Array;
  /** The indexes of the rows it carries. */
  rows: number[];
}

/**
 * Packs rows into aggregated records of newline-delimited JSON, which the stream's
 * RecordDeAggregation (JSON) splits again before partitioning and Parquet conversion: Firehose
 * bills ingestion per record rounded up to 5 KB, so a 300-byte row sent alone is billed as 5 KB,
 * packed it costs its size.
 */
export function packRecords(lines: { index: number; json: string }[]): PackedRecord[] {
  const records: PackedRecord[] = [];
  let current: { parts: string[]; rows: number[]; bytes: number } = {
    parts: [],
    rows: [],
    bytes: 0,
  };
  const flush = () => {
    if (current.rows.length === 0) return;
    records.push({ data: new TextEncoder().encode(current.parts.join('')), rows: current.rows });
    current = { parts: [], rows: [], bytes: 0 };
  };
  for (const { index, json } of lines) {
    const line = `${json}\n`;
    const bytes = Buffer.byteLength(line);
    if (current.rows.length === MAX_ROWS_PER_RECORD || current.bytes + bytes > MAX_RECORD_BYTES) {
      flush();
    }
    current.parts.push(line);
    current.rows.push(index);
    current.bytes += bytes;
  }
  flush();
  return records;
}

/**
 * Export rows to one Firehose stream per table (DirectPut), packed into aggregated records of
 * newline-delimited JSON that Firehose converts to Parquet against the table's Glue schema.
 * Records a call reports as failed (`ErrorCode`) are sent again with back-off; the rows of
 * those still refused are answered, so that the caller retries them from the stream.
 */
export function makeFirehoseExportSink(
  client: FirehoseClient,
  streams: Record<ExportTable, string>,
  options: { retryBaseMs?: number } = {},
): ExportSink {
  const baseMs = options.retryBaseMs ?? 100;

  async function putCall(stream: string, records: PackedRecord[]): Promise<number[]> {
    let pending = records;
    for (let attempt = 0; pending.length > 0 && attempt <= RETRIES; attempt++) {
      if (attempt > 0) await sleep(baseMs * 2 ** attempt);
      try {
        const output = await client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: stream,
            Records: pending.map(({ data }) => ({ Data: data })),
          }),
        );
        const results = output.RequestResponses ?? [];
        pending = pending.filter((_, at) => results[at]?.ErrorCode !== undefined);
      } catch {
        // The whole call failed (throttled, network): the same records go again.
      }
    }
    return pending.flatMap((record) => record.rows);
  }

  return {
    async put(rows: readonly ExportRow[]) {
      const failed: number[] = [];
      const byTable = new Map<ExportTable, { index: number; json: string }[]>();
      for (const [index, { table, row }] of rows.entries()) {
        const lines = byTable.get(table) ?? [];
        byTable.set(table, lines);
        lines.push({ index, json: JSON.stringify(row) });
      }
      for (const [table, lines] of byTable) {
        let call: PackedRecord[] = [];
        let bytes = 0;
        for (const record of packRecords(lines)) {
          if (call.length === MAX_RECORDS_PER_CALL || bytes + record.data.length > MAX_CALL_BYTES) {
            failed.push(...(await putCall(streams[table], call)));
            call = [];
            bytes = 0;
          }
          call.push(record);
          bytes += record.data.length;
        }
        if (call.length > 0) failed.push(...(await putCall(streams[table], call)));
      }
      return failed;
    },
  };
}
