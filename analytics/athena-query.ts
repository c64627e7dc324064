import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { ResultRow } from './duckdb-export.js';
import type { NamedQuery } from './named-queries.js';
import { athenaExecutionParameters, type Period } from './query-parameters.js';

/** Athena's price per terabyte scanned, and the 10 MB it bills at least per query. */
export const ATHENA_USD_PER_TB = 5;
export const ATHENA_MIN_BILLED_BYTES = 10 * 1024 * 1024;

/** What a query on Athena costs for the bytes it scanned. */
export function athenaCostUsd(bytesScanned: number): number {
  return (Math.max(bytesScanned, ATHENA_MIN_BILLED_BYTES) / 1024 ** 4) * ATHENA_USD_PER_TB;
}

/** The stack's workgroup and database, from its outputs. */
export async function analyticsTarget(cloudFormation: CloudFormationClient, stackName: string) {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = new Map(
    (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  const workGroup = outputs.get('AnalyticsWorkGroup');
  const database = outputs.get('AnalyticsDatabase');
  if (!workGroup || !database) {
    throw new Error(
      `Stack ${stackName} has no AnalyticsWorkGroup/AnalyticsDatabase outputs: deploy this version first (npx cdk deploy).`,
    );
  }
  return { workGroup, database };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Athena run's rows and what it scanned. */
export interface AthenaRun {
  rows: ResultRow[];
  queryExecutionId: string;
  bytesScanned: number;
}

function typed(value: string | undefined, type: string | undefined): string | number | null {
  if (value === undefined) return null;
  return /^(integer|bigint|smallint|tinyint|double|real|float|decimal)/i.test(type ?? '')
    ? Number(value)
    : value;
}

/**
 * Runs a named query in the stack's workgroup with its parameters as ExecutionParameters,
 * polls GetQueryExecution until it ends, and reads every page of its results. A query the
 * workgroup's scan cutoff stops fails with Athena's reason.
 */
export async function runOnAthena(
  athena: AthenaClient,
  target: { workGroup: string; database: string },
  query: NamedQuery,
  period: Period,
  options: { pollMs?: number } = {},
): Promise<AthenaRun> {
  const parameters = athenaExecutionParameters(query, period);
  const { QueryExecutionId: id } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: query.sql,
      WorkGroup: target.workGroup,
      QueryExecutionContext: { Database: target.database },
      ...(parameters.length > 0 ? { ExecutionParameters: parameters } : {}),
    }),
  );
  if (!id) throw new Error('Athena started no query execution');
  for (;;) {
    const { QueryExecution } = await athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED') {
      const bytesScanned = QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
      const rows: ResultRow[] = [];
      let nextToken: string | undefined;
      let header: string[] | undefined;
      let types: (string | undefined)[] = [];
      do {
        const page = await athena.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken }),
        );
        types =
          page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((column) => column.Type) ?? types;
        for (const row of page.ResultSet?.Rows ?? []) {
          const values = (row.Data ?? []).map((datum) => datum.VarCharValue);
          if (!header) {
            header = values.map(String);
            continue;
          }
          rows.push(
            Object.fromEntries(
              header.map((name, index) => [name, typed(values[index], types[index])]),
            ),
          );
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return { rows, queryExecutionId: id, bytesScanned };
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(
        `Athena query ${id} ${state.toLowerCase()}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`,
      );
    }
    await sleep(options.pollMs ?? 1000);
  }
}
