import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckDbColumns, sqlString } from '../analytics/duckdb-export.js';
import type { ExportSink } from '../lambda/core/export-changes.js';
import type { ExportRow } from '../lambda/domain/export-rows.js';
import { EXPORT_TABLES, type ExportTable } from '../lambda/domain/export-tables.js';

/**
 * The local stand-in for Firehose's Parquet conversion and dynamic partitioning: each batch's
 * rows become one Parquet file per table and day under
 * `<exportDir>/<table>/day=yyyy-MM-dd/<time>-<n>.parquet`, written by DuckDB with the columns
 * of the Glue tables. A file appears whole (written aside, then renamed) or not at all.
 */
export async function makeParquetExportSink(exportDir: string): Promise<ExportSink> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let sequence = 0;

  return {
    async put(rows: readonly ExportRow[]) {
      const groups = new Map<string, { table: ExportTable; day: string; indexes: number[] }>();
      for (const [index, { table, row }] of rows.entries()) {
        const id = `${table}/${row.day}`;
        const group = groups.get(id) ?? { table, day: row.day, indexes: [] };
        groups.set(id, group);
        group.indexes.push(index);
      }
      const failed: number[] = [];
      for (const { table, day, indexes } of groups.values()) {
        const directory = join(exportDir, table, `day=${day}`);
        const name = `${Date.now()}-${process.pid}-${String(sequence++).padStart(6, '0')}`;
        const json = join(directory, `.${name}.ndjson`);
        const parquet = join(directory, `${name}.parquet`);
        try {
          await mkdir(directory, { recursive: true });
          await writeFile(
            json,
            indexes.map((index) => JSON.stringify(rows[index]?.row)).join('\n'),
          );
          const columns = EXPORT_TABLES[table].map(([column]) => column).join(', ');
          await connection.run(
            `COPY (SELECT ${columns} FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${duckDbColumns(
              table,
            )
              .split(', ')
              .map((entry) => {
                const [column, ...type] = entry.split(' ');
                return `${column}: '${type.join(' ')}'`;
              })
              .join(
                ', ',
              )}})) TO ${sqlString(`${parquet}.tmp`)} (FORMAT parquet, COMPRESSION snappy)`,
          );
          await rename(`${parquet}.tmp`, parquet);
        } catch {
          failed.push(...indexes);
        } finally {
          await rm(json, { force: true });
        }
      }
      return failed;
    },
  };
}
