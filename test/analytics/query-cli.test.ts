import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runQueryCli } from '../../analytics/query-cli.js';
import { exportRows } from '../../lambda/domain/export-rows.js';
import { makeParquetExportSink } from '../../local/parquet-export-sink.js';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
let exportDir: string;

function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const run = runQueryCli(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {},
    athena: () => new AthenaClient({ region: 'eu-west-1' }),
    cloudFormation: () => new CloudFormationClient({ region: 'eu-west-1' }),
    fetchJson: async () => {
      throw new Error('no runtime');
    },
  });
  return run.then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

beforeAll(async () => {
  exportDir = mkdtempSync(join(tmpdir(), 'query-cli-'));
  const sink = await makeParquetExportSink(exportDir);
  const frame = (frameId: string, capturedAt: string, statuses: string[]) => ({
    eventName: 'INSERT' as const,
    newImage: {
      sk: 'FRAME',
      state: 'DONE',
      frameId,
      cameraId: 'cam-01',
      location: 'plant-1',
      capturedAt,
      source: 'api',
      summary: {
        personsWithRequiredEquipment: statuses.filter((s) => s === 'compliant'),
        personsWithoutRequiredEquipment: statuses.filter((s) => s === 'violation'),
        personsIndeterminate: [],
      },
      persons: statuses.map((status, personId) => ({
        personId,
        status,
        missingEquipment: status === 'violation' ? ['HEAD_COVER'] : [],
        uncertainEquipment: [],
        confidence: 99,
      })),
    },
  });
  const hour = (at: string, counts: Record<string, number>) => ({
    eventName: 'MODIFY' as const,
    newImage: {
      pk: `STATS#${at.slice(0, 10)}`,
      sk: `${at.slice(0, 13)}#cam-01#plant-1`,
      cameraId: 'cam-01',
      location: 'plant-1',
      hour: `${at.slice(0, 13)}:00:00.000Z`,
      ...counts,
    },
  });
  const rows = [
    ...exportRows(frame('f-1', '2026-11-27T09:10:00Z', ['compliant', 'violation'])),
    ...exportRows(frame('f-2', '2026-11-28T10:00:00Z', ['compliant'])),
    ...exportRows(
      hour('2026-11-27T09', { updates: 1, frames: 1, persons: 2, compliant: 1, violations: 1 }),
    ),
    ...exportRows(hour('2026-11-28T10', { updates: 1, frames: 1, persons: 1, compliant: 1 })),
  ];
  expect(await sink.put(rows)).toEqual([]);
});

beforeEach(() => {
  athena.reset();
  cloudFormation.reset();
});

describe('npm run query', () => {
  it('lists the known queries for an unknown name and exits 2', async () => {
    const { code, err } = await cli(['compliance', '--export-dir', exportDir]);

    expect(code).toBe(2);
    expect(err).toMatch(/Unknown query "compliance"/);
    expect(err).toMatch(/compliance-by-location-day/);
    expect(err).toMatch(/violations-by-equipment-hour/);
  });

  it('names a bad --from and exits 2 without running anything', async () => {
    const { code, err } = await cli([
      'cameras-by-violations',
      '--from',
      "2026-11-27'; DROP TABLE frames --",
      '--export-dir',
      exportDir,
    ]);

    expect(code).toBe(2);
    expect(err).toMatch(/--from: from must be an ISO 8601 date-time/);
  });

  it('names a period that ends before it starts', async () => {
    const { code, err } = await cli([
      'cameras-by-violations',
      '--from',
      '2026-11-28T00:00:00Z',
      '--to',
      '2026-11-27T00:00:00Z',
    ]);

    expect(code).toBe(2);
    expect(err).toMatch(/--to: to must be at least one whole hour after from/);
  });

  it('runs a query on the local export with DuckDB and prints CSV', async () => {
    const { code, out } = await cli([
      'compliance-by-location-day',
      '--from',
      '2026-11-27T00:00:00Z',
      '--to',
      '2026-11-28T00:00:00Z',
      '--format',
      'csv',
      '--export-dir',
      exportDir,
    ]);

    expect(code).toBe(0);
    expect(out).toBe(
      'location,day,frames,rejected,persons,compliant,violations,indeterminate,false_positives,compliance_rate\nplant-1,2026-11-27,1,0,2,1,1,0,0,0.5',
    );
  });

  it('counts the current hour when no period is given', async () => {
    const out: string[] = [];
    const code = await runQueryCli(
      ['cameras-by-violations', '--export-dir', exportDir, '--format', 'json'],
      {
        out: (text) => out.push(text),
        err: () => {},
        env: {},
        now: () => Date.parse('2026-11-28T10:30:00Z'),
      },
    );

    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual([
      expect.objectContaining({ camera_id: 'cam-01', frames: 2, persons: 3 }),
    ]);
  });

  it('says how to get an export when no runtime runs and no folder is given', async () => {
    const { code, err } = await cli(['cameras-by-violations']);

    expect(code).toBe(2);
    expect(err).toMatch(/start the local runtime \(npm start\) or give --data-dir/);
  });

  it('runs on Athena in the stack workgroup with quoted parameters and prints the scan cost', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Ppe',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'AnalyticsWorkGroup', OutputValue: 'Ppe-analytics' },
            { OutputKey: 'AnalyticsDatabase', OutputValue: 'ppe_analytics' },
          ],
        },
      ],
    });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({
        QueryExecution: {
          Status: { State: 'SUCCEEDED' },
          Statistics: { DataScannedInBytes: 52_428_800 },
        },
      });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'camera_id', Type: 'varchar' },
            { Name: 'violations', Type: 'bigint' },
          ],
        },
        Rows: [
          { Data: [{ VarCharValue: 'camera_id' }, { VarCharValue: 'violations' }] },
          { Data: [{ VarCharValue: 'cam-01' }, { VarCharValue: '7' }] },
        ],
      },
    });

    const { code, out, err } = await cli([
      'cameras-by-violations',
      '--athena',
      '--stack-name',
      'Ppe',
      '--from',
      '2026-11-01T00:00:00Z',
      '--to',
      '2026-12-01T00:00:00Z',
      '--format',
      'json',
    ]);

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([{ camera_id: 'cam-01', violations: 7 }]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      WorkGroup: 'Ppe-analytics',
      QueryExecutionContext: { Database: 'ppe_analytics' },
      ExecutionParameters: [
        "'2026-11-01'",
        "'2026-11-30'",
        "'2026-11-01 00:00:00.000'",
        "'2026-12-01 00:00:00.000'",
        "'2026-11-01'",
        "'2026-11-30'",
        "'2026-11-01 00:00:00.000'",
        "'2026-12-01 00:00:00.000'",
        "'2026-11-01'",
        "'2026-11-30'",
      ],
    });
    expect(err).toMatch(/scanned 52428800 bytes \(50\.0 MB\), about \$0\.000238 at \$5 per TB/);
  });

  it('reports a query the scan cutoff cancelled with Athena reason', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Ppe',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'AnalyticsWorkGroup', OutputValue: 'Ppe-analytics' },
            { OutputKey: 'AnalyticsDatabase', OutputValue: 'ppe_analytics' },
          ],
        },
      ],
    });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'CANCELLED',
          StateChangeReason: 'Query exhausted the bytes scanned limit of the workgroup',
        },
      },
    });

    const { code, err } = await cli(['cameras-by-violations', '--athena', '--stack-name', 'Ppe']);

    expect(code).toBe(1);
    expect(err).toMatch(/q-2 cancelled: Query exhausted the bytes scanned limit/);
  });
});
