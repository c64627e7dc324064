import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { z } from 'zod';
import { analyticsTarget, athenaCostUsd, runOnAthena } from './athena-query.js';
import { openExport, type ResultRow, runOnDuckDb } from './duckdb-export.js';
import { loadNamedQueries } from './named-queries.js';
import { periodInput } from './query-parameters.js';

export const QUERY_USAGE = `Usage: npm run query -- NAME [--from ISO --to ISO] [--format table|csv|json]
         [--data-dir DIR | --export-dir DIR | --api URL]
         [--athena --stack-name NAME [--region REGION]]

Runs a named query (analytics/queries/NAME.sql) over whole hours from --from to --to
(default: the last 7 days, through the current hour), with DuckDB over the local export, or on Athena with --athena.
  --data-dir DIR     the data folder of npm start (reads DIR/export); also DATA_DIR
  --export-dir DIR   an export folder itself (<table>/day=yyyy-MM-dd/*.parquet)
  --api URL          a running npm start, asked for its export folder (default http://127.0.0.1:3000)
  --athena           run in the stack's Athena workgroup (from the stack's outputs); prints the
                     bytes scanned and the cost at $5 per TB (10 MB minimum)`;

/** What the command reads and writes, so that tests can run it without a process or AWS. */
export interface QueryCliDeps {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  now?: () => number;
  athena?: (region: string | undefined) => AthenaClient;
  cloudFormation?: (region: string | undefined) => CloudFormationClient;
  fetchJson?: (url: string) => Promise<unknown>;
}

const options = z.object({
  format: z.enum(['table', 'csv', 'json'], { message: 'format must be table, csv or json' }),
  athena: z.boolean(),
  stackName: z.string().optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must look like eu-west-1')
    .optional(),
});

function csvCell(value: ResultRow[string]): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as a table, CSV or JSON. */
export function formatRows(rows: readonly ResultRow[], format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  const columns = Object.keys(rows[0] ?? {});
  if (format === 'csv') {
    return [
      columns.join(','),
      ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? null)).join(',')),
    ].join('\n');
  }
  if (rows.length === 0) return '(no rows)';
  const cells = rows.map((row) => columns.map((c) => (row[c] === null ? '' : String(row[c]))));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function localExportDir(values: Record<string, unknown>, deps: QueryCliDeps) {
  if (typeof values['export-dir'] === 'string') return resolve(values['export-dir']);
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : deps.env.DATA_DIR;
  if (dataDir) return join(resolve(dataDir), 'export');
  const api = typeof values.api === 'string' ? values.api : 'http://127.0.0.1:3000';
  const fetchJson =
    deps.fetchJson ?? (async (url: string) => (await fetch(url)).json() as Promise<unknown>);
  const info = await fetchJson(`${api}/local/info`).catch(() => undefined);
  const exportDir = (info as { exportDir?: unknown } | undefined)?.exportDir;
  if (typeof exportDir !== 'string') {
    throw new UsageError(
      `No export to read: start the local runtime (npm start) or give --data-dir DIR / --export-dir DIR (${api}/local/info did not answer with an exportDir).`,
    );
  }
  return exportDir;
}

class UsageError extends Error {}

/**
 * `npm run query`: answers the exit code (0 done, 2 bad arguments or an unknown query name,
 * 1 the query failed).
 */
export async function runQueryCli(argv: string[], deps: QueryCliDeps): Promise<number> {
  const queries = loadNamedQueries();
  const known = () => queries.map((q) => `  ${q.name.padEnd(30)} ${q.description}`).join('\n');
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'table' },
        athena: { type: 'boolean', default: false },
        'stack-name': { type: 'string' },
        region: { type: 'string' },
        'data-dir': { type: 'string' },
        'export-dir': { type: 'string' },
        api: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    deps.err(`${(error as Error).message}\n\n${QUERY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    deps.out(`${QUERY_USAGE}\n\nQueries:\n${known()}`);
    return 0;
  }
  const name = positionals[0];
  const query = queries.find((q) => q.name === name);
  if (!query || positionals.length > 1) {
    deps.err(
      `${name ? `Unknown query "${positionals.join(' ')}"` : 'No query named'}. Known queries:\n${known()}`,
    );
    return 2;
  }
  const now = (deps.now ?? Date.now)();
  const period = periodInput.safeParse({
    from: values.from ?? new Date(now - 7 * 86_400_000).toISOString(),
    // Through the end of the current hour: the period is whole hours, and this one counts.
    to: values.to ?? new Date(now + 3_600_000).toISOString(),
  });
  const flags = options.safeParse({
    format: values.format,
    athena: values.athena,
    stackName: values['stack-name'],
    region: values.region,
  });
  const problems = [
    ...(period.success
      ? []
      : period.error.issues.map(
          (issue) => `--${issue.path.join('.') || 'from'}: ${issue.message}`,
        )),
    ...(flags.success
      ? []
      : flags.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`)),
    ...(flags.success && flags.data.athena && !flags.data.stackName
      ? ['--stack-name: --athena needs the name of the deployed stack']
      : []),
  ];
  if (problems.length > 0 || !period.success || !flags.success) {
    deps.err(`${problems.join('\n')}\n\n${QUERY_USAGE}`);
    return 2;
  }
  const { format, athena, stackName, region } = flags.data;
  try {
    if (athena && stackName) {
      const cloudFormation = (
        deps.cloudFormation ?? ((r) => new CloudFormationClient(r ? { region: r } : {}))
      )(region);
      const client = (deps.athena ?? ((r) => new AthenaClient(r ? { region: r } : {})))(region);
      const target = await analyticsTarget(cloudFormation, stackName);
      const run = await runOnAthena(client, target, query, period.data);
      deps.out(formatRows(run.rows, format));
      deps.err(
        `Athena ${run.queryExecutionId} in ${target.workGroup}: scanned ${run.bytesScanned} bytes (${(run.bytesScanned / 1024 ** 2).toFixed(1)} MB), about $${athenaCostUsd(run.bytesScanned).toFixed(6)} at $5 per TB (10 MB minimum)`,
      );
      return 0;
    }
    const connection = await openExport(await localExportDir(values, deps));
    try {
      deps.out(formatRows(await runOnDuckDb(connection, query, period.data), format));
    } finally {
      connection.closeSync();
    }
    return 0;
  } catch (error) {
    deps.err((error as Error).message);
    return error instanceof UsageError ? 2 : 1;
  }
}
