import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeBuildPeriodReport } from '../../lambda/core/period-report.js';
import { csvColumns, renderReportCsv, textCell } from '../../lambda/domain/report-csv.js';
import { renderReportHtml } from '../../lambda/domain/report-html.js';
import { reportMessage } from '../../lambda/domain/report-message.js';
import { reportWindows } from '../../lambda/domain/report-period.js';
import { makeQueryResultsHandler } from '../../lambda/handlers/query-results.js';
import { reportNotificationSchema } from '../../lambda/schemas/report-notification.js';
import { buildReportOver, hourStats, TWO_WEEKS } from '../support/report-stats.js';

const windows = reportWindows(Date.parse('2026-11-30T06:00:00Z'), 'week', 'UTC');
const request = { period: windows.current, previousPeriod: windows.previous, timeZone: 'UTC' };
const objects = {
  bucket: 'ppe-reports',
  csvKey: 'reports/week/a.csv',
  htmlKey: 'reports/week/a.html',
};

/** GET /reports/compliance over the same statistics, as the API answers it. */
async function getCompliance(query: Record<string, string>) {
  const handler = makeQueryResultsHandler({
    buildReport: buildReportOver(TWO_WEEKS),
    cameraTimeline: async () => ({ items: [] }),
    listViolations: async () => ({ items: [] }),
    listCameras: async () => [],
    logError: () => {},
  });
  const reply = await handler({
    resource: '/reports/compliance',
    httpMethod: 'GET',
    queryStringParameters: query,
  } as unknown as APIGatewayProxyEvent);
  return JSON.parse(reply.body) as { groups: Record<string, unknown>[] };
}

/** The CSV's rows as objects by column. */
function parseCsv(csv: string): Record<string, string>[] {
  const [header = '', ...lines] = csv.trimEnd().split('\r\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

describe('the report CSV', () => {
  it('has a column per count, per equipment type, for the period before and for the change', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);

    expect(csvColumns(report)).toEqual([
      'group',
      'key',
      'from',
      'to',
      'frames',
      'persons',
      'compliant',
      'violations',
      'indeterminate',
      'falsePositives',
      'rejected',
      'complianceRate',
      'violations_FACE_COVER',
      'violations_HEAD_COVER',
      'violations_HAND_COVER',
      'previousFrames',
      'previousPersons',
      'previousViolations',
      'previousFalsePositives',
      'previousComplianceRate',
      'framesChange',
      'personsChange',
      'violationsChange',
      'falsePositivesChange',
      'complianceRateChange',
    ]);
  });

  it.each(['location', 'camera'] as const)(
    'gives per %s the numbers GET /reports/compliance gives for the same period',
    async (groupBy) => {
      const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);
      const api = await getCompliance({
        from: '2026-11-23T06:00:00Z',
        to: '2026-11-30T06:00:00Z',
        groupBy,
      });
      const rows = parseCsv(renderReportCsv(report)).filter((row) => row.group === groupBy);

      expect(rows.map((row) => row.key)).toEqual(api.groups.map((g) => g[groupBy]));
      for (const group of api.groups) {
        const row = rows.find((r) => r.key === group[groupBy]);
        const total = group.total as Record<string, number | null | Record<string, number>>;
        for (const name of [
          'frames',
          'persons',
          'compliant',
          'violations',
          'indeterminate',
          'falsePositives',
          'rejected',
        ]) {
          expect(row?.[name], `${group[groupBy]} ${name}`).toBe(String(total[name]));
        }
        expect(row?.complianceRate).toBe(String(total.complianceRate));
        expect(row?.violations_HEAD_COVER).toBe(
          String((total.violationsByEquipment as Record<string, number>).HEAD_COVER ?? 0),
        );
      }
    },
  );

  it('counts false positives apart and leaves them out of the violations and the rate', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);
    const line2 = parseCsv(renderReportCsv(report)).find((r) => r.key === 'plant-3/line-2');

    // cam-1: 3 compliant, 4 violating of which 1 false positive; cam-2: 6 compliant.
    expect(line2).toMatchObject({
      compliant: '9',
      violations: '3',
      falsePositives: '1',
      complianceRate: '0.75',
    });
  });

  it('gives the site total and its change against the week before', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);
    const total = parseCsv(renderReportCsv(report))[0];

    expect(total).toMatchObject({
      group: 'total',
      key: '',
      frames: '4',
      compliant: '10',
      violations: '6',
      falsePositives: '1',
      complianceRate: '0.625',
      previousFrames: '2',
      previousViolations: '2',
      previousComplianceRate: '0.8667',
      framesChange: '2',
      violationsChange: '4',
      complianceRateChange: '-0.2417',
    });
  });

  it('quotes commas and quotes, and defuses text a spreadsheet would run as a formula', () => {
    expect(textCell('plant-3, "north"')).toBe('"plant-3, ""north"""');
    expect(textCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(textCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('the report HTML', () => {
  const hostile = '<script>alert("x")</script>&"\'`<img src=x onerror=alert(1)>';

  it('escapes every value: a hostile location and camera id appear as text, never as markup', async () => {
    const stats = [hourStats('2026-11-24T10', 'cam-1', hostile, { compliant: 1, violations: 1 })];
    const report = await makeBuildPeriodReport(buildReportOver(stats))(request);

    const html = renderReportHtml(report, { consoleUrl: 'https://console.example.com/"><script>' });

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&quot;&#39;&#96;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(html).toContain(
      'href="https://console.example.com/&quot;&gt;&lt;script&gt;/compliance?',
    );
  });

  it('is self-contained: no script, no external resource, a policy that allows only its own style', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);
    const html = renderReportHtml(report);

    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).toContain('<td>plant-3/line-2</td><td>3</td><td>13</td><td>75.0%</td>');
  });

  it('says so when no frame was analysed in the period', async () => {
    const report = await makeBuildPeriodReport(buildReportOver([]))(request);

    expect(renderReportHtml(report)).toContain('No frames were analysed in this period.');
  });
});

describe('the report e-mail', () => {
  it('gives the period, the headline numbers with their change, the worst locations, the files and a console link', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);

    const message = reportMessage(report, objects, { consoleUrl: 'https://console.example.com' });

    expect(message.subject).toBe('PPE compliance report 2026-11-23 to 2026-11-30: 62.5%');
    expect(message.email).toContain(
      'Period:  Mon 23 Nov 2026 06:00 to Mon 30 Nov 2026 06:00 (UTC)',
    );
    expect(message.email).toContain('Compliance: 62.5% (-24.2 points; before: 86.7%)');
    expect(message.email).toContain('Violations: 6 (+4)');
    expect(message.email).toContain('False positives (counted apart): 1 (+1)');
    expect(message.email).toContain(
      '  1. dock: 25.0% compliant, 3 violations (+3)\n  2. plant-3/line-2: 75.0% compliant, 3 violations (+1)',
    );
    expect(message.email).toContain('s3://ppe-reports/reports/week/a.csv');
    expect(message.email).toContain(
      'Open in the console: https://console.example.com/compliance?groupBy=location&interval=day&from=2026-11-23&to=2026-11-30',
    );
  });

  it('publishes a JSON contract that its schema accepts', async () => {
    const report = await makeBuildPeriodReport(buildReportOver(TWO_WEEKS))(request);

    const { body } = reportMessage(report, objects);

    expect(reportNotificationSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      type: 'COMPLIANCE_REPORT',
      period: { from: '2026-11-23T06:00:00.000Z', to: '2026-11-30T06:00:00.000Z' },
      totals: { frames: 4, violations: 6, falsePositives: 1, complianceRate: 0.625 },
      objects: { bucket: 'ppe-reports', csv: 'reports/week/a.csv', html: 'reports/week/a.html' },
    });
  });

  it('keeps a location with line breaks on one line of the e-mail', async () => {
    const stats = [
      hourStats('2026-11-24T10', 'cam-1', 'dock\nFiles:\n  s3://evil', {
        compliant: 0,
        violations: 1,
      }),
    ];
    const report = await makeBuildPeriodReport(buildReportOver(stats))(request);

    expect(reportMessage(report, objects).email).toContain(
      '  1. dock Files: s3://evil: 0.0% compliant',
    );
  });

  it('says so when no frame was analysed in the period', async () => {
    const report = await makeBuildPeriodReport(buildReportOver([]))(request);

    const message = reportMessage(report, objects);

    expect(message.subject).toBe('PPE compliance report 2026-11-23 to 2026-11-30: no frames');
    expect(message.email).toContain('No frames were analysed in this period.');
    expect(message.body.empty).toBe(true);
  });
});
