import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The folder of the named queries: one `.sql` file per query, for Athena and DuckDB alike. */
export const QUERIES_DIR = fileURLToPath(new URL('./queries/', import.meta.url));

/** The parameters a query may take; each `?` of a query is one of them, in order. */
export const PARAMETER_NAMES = ['from', 'to', 'from_day', 'to_day'] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** A named query read from its file. */
export interface NamedQuery {
  /** The file's name without `.sql`, e.g. `compliance-by-location-day`. */
  name: string;
  /** The leading comment lines, for `npm run query` and the Athena console. */
  description: string;
  /** What each `?` stands for, in order (from the file's `-- parameters:` line). */
  parameters: ParameterName[];
  /** The file's text, as both engines run it. */
  sql: string;
  file: string;
}

/** Blanks comments and string literals so that what is left is SQL syntax only. */
export function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, (comment) => ' '.repeat(comment.length))
    .replace(/'(?:[^']|'')*'/g, (literal) => `'${' '.repeat(Math.max(0, literal.length - 2))}'`);
}

const parameterList = z.array(z.enum(PARAMETER_NAMES));

/** Reads one query file, checking that its `?` placeholders and its parameter list agree. */
export function readNamedQuery(file: string): NamedQuery {
  const sql = readFileSync(file, 'utf8');
  const comments = sql
    .split('\n')
    .filter((line) => line.startsWith('--'))
    .map((line) => line.replace(/^--\s?/, ''));
  const declared = comments.find((line) => line.startsWith('parameters:'));
  const parsed = parameterList.safeParse(
    (declared ?? 'parameters:').replace('parameters:', '').trim().split(/\s+/).filter(Boolean),
  );
  if (!parsed.success) {
    throw new Error(
      `${file}: the "-- parameters:" line may name only ${PARAMETER_NAMES.join(', ')}`,
    );
  }
  const placeholders = (codeOnly(sql).match(/\?/g) ?? []).length;
  if (placeholders !== parsed.data.length) {
    throw new Error(
      `${file}: ${placeholders} "?" placeholders but ${parsed.data.length} names on its "-- parameters:" line`,
    );
  }
  return {
    name: basename(file, '.sql'),
    description: comments.filter((line) => !line.startsWith('parameters:')).join(' '),
    parameters: parsed.data,
    sql,
    file,
  };
}

/** Every named query in a folder, by name. */
export function loadNamedQueries(directory = QUERIES_DIR): NamedQuery[] {
  return readdirSync(directory)
    .filter((entry) => entry.endsWith('.sql'))
    .sort()
    .map((entry) => readNamedQuery(join(directory, entry)));
}
