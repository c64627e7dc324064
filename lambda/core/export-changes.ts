import {
  type ExportRow,
  exportRows,
  type ItemChange,
  latestStatsImages,
} from '../domain/export-rows.js';

/** Where export rows go: Firehose in the cloud, Parquet files written by DuckDB locally. */
export interface ExportSink {
  /** Writes the rows; answers the indexes of the rows it could not write (empty when all went). */
  put(rows: readonly ExportRow[]): Promise<number[]>;
}

/** A change with the id the caller reports a failure by (a stream record's sequence number). */
export interface IdentifiedChange extends ItemChange {
  id: string;
}

/**
 * Exports a batch of results-table changes, in order. Answers the id of the first change whose
 * rows were not all written (none when all were), for a stream's batch item failure: the stream
 * is retried from that change on, so nothing after a failure is skipped and nothing is lost;
 * what was written before it is written again, which the queries' deduplication absorbs. Of
 * a statistics item's images in the batch only the last is exported (it holds the others' counts).
 */
export function makeExportChanges(sink: ExportSink) {
  return async function exportChanges(
    changes: readonly IdentifiedChange[],
  ): Promise<{ firstFailedId?: string; rows: number }> {
    const rows: ExportRow[] = [];
    const owner: number[] = [];
    const kept = new Set(latestStatsImages(changes));
    for (const [index, change] of changes.entries()) {
      if (!kept.has(change)) continue;
      for (const row of exportRows(change)) {
        rows.push(row);
        owner.push(index);
      }
    }
    if (rows.length === 0) return { rows: 0 };
    const failed = await sink.put(rows);
    if (failed.length === 0) return { rows: rows.length };
    const first = Math.min(...failed.map((index) => owner[index] ?? 0));
    return { firstFailedId: changes[first]?.id ?? '', rows: rows.length - failed.length };
  };
}

/** The function that exports a batch of changes. */
export type ExportChanges = ReturnType<typeof makeExportChanges>;
