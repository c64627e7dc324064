import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportNotificationSchema } from '../../lambda/schemas/report-notification.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { runReport } from '../../scripts/report/cli.js';
import { request, s3ClientFor, sampleImage, startTestRuntime } from './support/local-runtime.js';

let runtime: LocalRuntime;
const HOSTILE = '<b>dock</b> & <i onmouseover=alert(1)>yard</i>';

beforeAll(async () => {
  runtime = await startTestRuntime({ consolePort: 0 });
});
afterAll(async () => {
  await runtime?.stop();
});

const post = (cameraId: string, location: string, capturedAt: string, equipment?: string[]) =>
  request(runtime, 'POST', '/frames', {
    image: sampleImage.toString('base64'),
    cameraId,
    location,
    capturedAt,
    ...(equipment ? { requiredEquipment: equipment } : {}),
  });

async function readObject(key: string): Promise<string> {
  const output = await s3ClientFor(runtime).send(
    new GetObjectCommand({ Bucket: runtime.reportsBucket, Key: key }),
  );
  return (await output.Body?.transformToString('utf8')) ?? '';
}

function parseCsv(csv: string): Record<string, string>[] {
  const [header = '', ...lines] = csv.trimEnd().split('\r\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

describe('the scheduled report on the local runtime', () => {
  it('writes CSV and HTML with the numbers of GET /reports/compliance, false positives apart, and publishes the e-mail', async () => {
    // The week before: 4 violations at line 2. The week: 4 violations at line 2 (one a false
    // positive on review), 4 compliant persons at the hostile location.
    expect(
      (await post('cam-a', 'plant-3/line-2', '2026-11-18T09:00:00Z', ['HAND_COVER'])).status,
    ).toBe(200);
    const violating = await post('cam-a', 'plant-3/line-2', '2026-11-25T09:00:00Z', ['HAND_COVER']);
    expect((await post('cam-b', HOSTILE, '2026-11-26T10:00:00Z')).status).toBe(200);
    const review = await request(
      runtime,
      'PUT',
      `/frames/${violating.json.frameId}/persons/0/review`,
      {
        disposition: 'false-positive',
      },
    );
    expect(review.status).toBe(200);
    await runtime.idle(60_000);

    const run = await request(runtime, 'POST', '/local/reports/run', {
      at: '2026-11-30T06:00:00Z',
    });

    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({
      period: { from: '2026-11-23T06:00:00.000Z', to: '2026-11-30T06:00:00.000Z' },
      csvKey: 'reports/week/20261123T0600Z_20261130T0600Z/compliance.csv',
      htmlKey: 'reports/week/20261123T0600Z_20261130T0600Z/compliance.html',
      empty: false,
    });
    const csv = parseCsv(await readObject(run.json.csvKey));
    const html = await readObject(run.json.htmlKey);

    const period = 'from=2026-11-23T06:00:00Z&to=2026-11-30T06:00:00Z';
    for (const groupBy of ['location', 'camera'] as const) {
      const api = await request(runtime, 'GET', `/reports/compliance?${period}&groupBy=${groupBy}`);
      const rows = csv.filter((row) => row.group === groupBy);
      expect(rows.map((row) => row.key)).toEqual(
        api.json.groups.map((g: Record<string, string>) => g[groupBy]),
      );
      for (const group of api.json.groups) {
        const row = rows.find((r) => r.key === group[groupBy]);
        for (const name of [
          'frames',
          'persons',
          'compliant',
          'violations',
          'falsePositives',
          'complianceRate',
        ]) {
          expect(row?.[name], `${groupBy} ${group[groupBy]} ${name}`).toBe(
            String(group.total[name]),
          );
        }
      }
    }
    expect(csv.find((row) => row.key === 'plant-3/line-2')).toMatchObject({
      violations: '3',
      falsePositives: '1',
      violations_HAND_COVER: '3',
      previousViolations: '4',
      violationsChange: '-1',
    });
    expect(csv[0]).toMatchObject({
      group: 'total',
      frames: '2',
      persons: '8',
      compliant: '4',
      violations: '3',
    });

    expect(html).not.toContain('<b>dock');
    expect(html).not.toContain('<i onmouseover');
    expect(html).toContain(
      '&lt;b&gt;dock&lt;/b&gt; &amp; &lt;i onmouseover=alert(1)&gt;yard&lt;/i&gt;',
    );

    const published = await request(runtime, 'GET', '/local/reports');
    const last = published.json.at(-1);
    expect(published.json).toHaveLength(1);
    expect(last.subject).toBe('PPE compliance report 2026-11-23 to 2026-11-30: 57.1%');
    expect(reportNotificationSchema.parse(last.message)).toMatchObject({
      type: 'COMPLIANCE_REPORT',
      totals: { frames: 2, violations: 3, falsePositives: 1, complianceRate: 0.5714 },
      previousTotals: { frames: 1, violations: 4, complianceRate: 0 },
      objects: { bucket: 'ppe-reports', csv: run.json.csvKey, html: run.json.htmlKey },
    });
    expect(last.emailText).toContain('Compliance: 57.1% (+57.1 points; before: 0.0%)');
    expect(last.emailText).toContain('Violations: 3 (-1)');
    expect(last.emailText).toContain('False positives (counted apart): 1 (+1)');
    expect(last.emailText).toContain('  1. plant-3/line-2: 0.0% compliant, 3 violations (-1)');
    expect(last.emailText).toContain(`s3://ppe-reports/${run.json.csvKey}`);
    expect(last.emailText).toContain(
      `Open in the console: ${runtime.urls.console}/compliance?groupBy=location&interval=day&from=2026-11-23&to=2026-11-30`,
    );
    // The alert topic got the alerts, not the report.
    const alerts = await request(runtime, 'GET', '/local/alerts');
    expect(alerts.json.every((a: { topicArn: string }) => a.topicArn === runtime.topicArn)).toBe(
      true,
    );
  });

  it('builds the same CSV on demand with npm run report against the local runtime', async () => {
    const scheduled = await request(runtime, 'POST', '/local/reports/run', {
      at: '2026-11-30T06:00:00Z',
    });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (l: string) => err.push(l) };

    const code = await runReport(
      [
        '--from',
        '2026-11-23T06:00:00Z',
        '--to',
        '2026-11-30T06:00:00Z',
        '--format',
        'csv',
        '--api-url',
        runtime.urls.api,
      ],
      io,
    );

    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out.join('')).toBe(await readObject(scheduled.json.csvKey));
  });

  it('builds the HTML against a deployed stack from its outputs, with SigV4-signed requests', async () => {
    const cloudFormation = mockClient(CloudFormationClient);
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'PpeDetection',
          StackStatus: 'UPDATE_COMPLETE',
          StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/PpeDetection/0a1b',
          CreationTime: new Date(),
          Outputs: [
            // The local runtime stands in for the deployed API (it takes signed requests too).
            { OutputKey: 'ApiUrl', OutputValue: `${runtime.urls.api}/` },
            { OutputKey: 'IngestBucketName', OutputValue: 'ppe-ingest' },
            {
              OutputKey: 'AlertTopicArn',
              OutputValue: 'arn:aws:sns:eu-west-1:111122223333:alerts',
            },
            { OutputKey: 'ConsoleUrl', OutputValue: 'https://d111.cloudfront.net' },
          ],
        },
      ],
    });
    const out: string[] = [];
    try {
      const code = await runReport(
        [
          '--from',
          '2026-11-23T06:00:00Z',
          '--to',
          '2026-11-30T06:00:00Z',
          '--format',
          'html',
          '--stack-name',
          'PpeDetection',
          '--region',
          'eu-west-1',
        ],
        {
          out: (t) => out.push(t),
          err: () => {},
          cloudFormation: () => new CloudFormationClient({ region: 'eu-west-1' }),
        },
      );

      expect(code).toBe(0);
    } finally {
      cloudFormation.restore();
    }
    expect(out.join('')).toContain('<td>plant-3/line-2</td><td>1</td><td>4</td><td>0.0%</td>');
    expect(out.join('')).toContain(
      'href="https://d111.cloudfront.net/compliance?groupBy=location&amp;interval=day&amp;from=2026-11-23&amp;to=2026-11-30"',
    );
  });

  it('still writes and announces a report for a period without frames, saying so', async () => {
    const run = await request(runtime, 'POST', '/local/reports/run', {
      at: '2026-06-01T06:00:00Z',
    });

    expect(run).toMatchObject({ status: 200, json: { empty: true } });
    expect(await readObject(run.json.htmlKey)).toContain('No frames were analysed in this period.');
    const published = await request(runtime, 'GET', '/local/reports');
    expect(published.json.at(-1).emailText).toContain('No frames were analysed in this period.');
  });

  it('refuses a run time that is not ISO 8601, naming the field', async () => {
    const run = await request(runtime, 'POST', '/local/reports/run', { at: 'monday' });

    expect(run).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'INVALID_REQUEST',
          message: expect.stringContaining('Field "at" must be an ISO 8601 time'),
        },
      },
    });
  });
});
