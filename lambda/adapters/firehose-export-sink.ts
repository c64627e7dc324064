import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { ExportSink } from '../core/export-changes.js';
import type { ExportRow } from '../domain/export-rows.js';
import type { ExportTable } from '../domain/export-tables.js';

/** PutRecordBatch's limits: 500 records and 4 MiB a call. */
const MAX_RECORDS = 500;
const MAX_BYTES = 4 * 1024 * 1024;
/** How often records Firehose refused (throttling, service errors) are sent again. */
const RETRIES = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Export rows to one Firehose stream per table (DirectPut), as newline-terminated JSON that
 * Firehose converts to Parquet against the table's Glue schema. Records a batch reports as
 * failed (`FailedPutCount`) are sent again with back-off; those still refused are answered,
 * so the caller retries them from the stream.
 */
export function makeFirehoseExportSink(
  client: FirehoseClient,
  streams: Record<ExportTable, string>,
  options: { retryBaseMs?: number } = {},
): ExportSink {
  const baseMs = options.retryBaseMs ?? 100;

  async function putChunk(stream: string, entries: { index: number; data: Uint8Array }[]) {
    let pending = entries;
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
    return pending.map(({ index }) => index);
  }

  return {
    async put(rows: readonly ExportRow[]) {
      const failed: number[] = [];
      const byTable = new Map<ExportTable, { index: number; data: Uint8Array }[]>();
      for (const [index, { table, row }] of rows.entries()) {
        const entries = byTable.get(table) ?? [];
        byTable.set(table, entries);
        entries.push({ index, data: new TextEncoder().encode(`${JSON.stringify(row)}\n`) });
      }
      for (const [table, entries] of byTable) {
        let chunk: typeof entries = [];
        let bytes = 0;
        for (const entry of [...entries, undefined]) {
          const full =
            entry === undefined ||
            chunk.length === MAX_RECORDS ||
            bytes + entry.data.length > MAX_BYTES;
          if (full && chunk.length > 0) {
            failed.push(...(await putChunk(streams[table], chunk)));
            chunk = [];
            bytes = 0;
          }
          if (entry) {
            chunk.push(entry);
            bytes += entry.data.length;
          }
        }
      }
      return failed;
    },
  };
}
