import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  duckDbType,
  EXPORT_TABLE_NAMES,
  EXPORT_TABLES,
  type ExportTable,
  PARTITION_COLUMN,
} from '../lambda/domain/export-tables.js';
import type { NamedQuery } from './named-queries.js';
import { bindValues, type Period } from './query-parameters.js';

/** A path as a DuckDB string literal (the export folder is ours, but a quote must not break it). */
export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

function hasParquet(directory: string): boolean {
  if (!existsSync(directory)) return false;
  return readdirSync(directory, { recursive: true }).some((entry) =>
    String(entry).endsWith('.parquet'),
  );
}

/** A table's columns as DuckDB declares them, the partition column last. */
export function duckDbColumns(table: ExportTable): string {
  return [...EXPORT_TABLES[table].map(([name, type]) => `${name} ${duckDbType(type)}`)].join(', ');
}

/**
 * A DuckDB connection in which each export table is a view over its Parquet files under
 * `<exportDir>/<table>/day=yyyy-MM-dd/`, with `day` a string as in the Glue tables; a table
 * without files yet is an empty view of the same columns, so every query runs on a fresh export.
 */
export async function openExport(exportDir: string): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const table of EXPORT_TABLE_NAMES) {
    const directory = join(exportDir, table);
    const columns = EXPORT_TABLES[table].map(([name]) => name).join(', ');
    const source = hasParquet(directory)
      ? `SELECT ${columns}, ${PARTITION_COLUMN} FROM read_parquet(${sqlString(
          join(directory, '*', '*.parquet'),
        )}, hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': VARCHAR})`
      : `SELECT ${EXPORT_TABLES[table]
          .map(([name, type]) => `CAST(NULL AS ${duckDbType(type)}) AS ${name}`)
          .join(', ')}, CAST(NULL AS VARCHAR) AS ${PARTITION_COLUMN} WHERE false`;
    await connection.run(`CREATE VIEW ${table} AS ${source}`);
  }
  return connection;
}

/** A result row with DuckDB's BIGINTs (counts) as numbers. */
export type ResultRow = Record<string, string | number | boolean | null>;

function plain(value: unknown): string | number | boolean | null {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return value;
  }
  return String(value);
}

/** Runs a named query over the export with its parameters bound (a prepared statement). */
export async function runOnDuckDb(
  connection: DuckDBConnection,
  query: NamedQuery,
  period: Period,
): Promise<ResultRow[]> {
  const statement = await connection.prepare(query.sql);
  for (const [index, value] of bindValues(query, period).entries()) {
    statement.bindVarchar(index + 1, value);
  }
  const reader = await statement.runAndReadAll();
  return reader
    .getRowObjects()
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
}
