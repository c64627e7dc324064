import { describe, expect, it } from 'vitest';
import { parseReportArgs, runReport } from '../../scripts/report/cli.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReport(argv, { out: (t) => out.push(t), err: (l) => err.push(l) });
  return { code, out: out.join(''), err: err.join('\n') };
}

const PERIOD = ['--from', '2026-11-23T06:00:00Z', '--to', '2026-11-30T06:00:00Z'];

describe('npm run report: flags', () => {
  it.each([
    [['--to', '2026-11-30T06:00:00Z', '--format', 'csv'], '--from is required'],
    [
      ['--from', 'monday', '--to', '2026-11-30T06:00:00Z', '--format', 'csv'],
      '--from must be an ISO 8601 time with a zone',
    ],
    [
      ['--from', '2026-11-23T06:00:00', '--to', '2026-11-30T06:00:00Z', '--format', 'csv'],
      '--from must be an ISO 8601 time with a zone',
    ],
    [
      ['--from', '2026-11-30T06:00:00Z', '--to', '2026-11-23T06:00:00Z', '--format', 'csv'],
      '--from must be before --to',
    ],
    [
      ['--from', '2026-01-01T00:00:00Z', '--to', '2026-06-01T00:00:00Z', '--format', 'csv'],
      'at most 92 days apart',
    ],
    [[...PERIOD], '--format must be csv or html, not missing'],
    [[...PERIOD, '--format', 'pdf'], '--format must be csv or html, not "pdf"'],
    [
      [...PERIOD, '--format', 'csv', '--timezone', 'Mars/Base'],
      '--timezone must be an IANA time zone name',
    ],
    [[...PERIOD, '--format', 'csv', '--api-url', 'ftp://x'], '--api-url must be an http(s) URL'],
    [
      [...PERIOD, '--format', 'csv', '--stack-name', 'PpeDetection', '--api-url', 'http://x'],
      '--api-url is for the local runtime',
    ],
    [
      [...PERIOD, '--format', 'csv', '--region', 'Ireland'],
      '--region must be a region such as eu-west-1',
    ],
    [
      [...PERIOD, '--format', 'csv', '--previous-from', '2026-11-24T00:00:00Z'],
      '--previous-from must be before --from',
    ],
    [[...PERIOD, '--format', 'csv', '--colour', 'red'], "Unknown option '--colour'"],
  ])('exits 2 naming the flag for %j', async (argv, message) => {
    const result = await run(argv);

    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.out).toBe('');
  });

  it('rounds the period to whole hours as the API does, and compares it with the span before it', () => {
    const options = parseReportArgs([
      '--from',
      '2026-11-23T06:30:00Z',
      '--to',
      '2026-11-30T05:10:00+01:00',
      '--format',
      'csv',
    ]);

    expect(options).toMatchObject({
      from: Date.parse('2026-11-23T06:00:00Z'),
      to: Date.parse('2026-11-30T05:00:00Z'),
      previousFrom: Date.parse('2026-11-16T07:00:00Z'),
      target: { kind: 'local', apiUrl: 'http://127.0.0.1:3000' },
    });
  });

  it('exits 1 naming the URL when the API cannot be reached', async () => {
    const result = await run([...PERIOD, '--format', 'csv', '--api-url', 'http://127.0.0.1:9']);

    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot reach http://127.0.0.1:9/reports/compliance');
  });
});
