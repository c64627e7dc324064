import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { IANAZone } from 'luxon';
import { makeBuildPeriodReport } from '../../lambda/core/period-report.js';
import { renderReportCsv } from '../../lambda/domain/report-csv.js';
import { renderReportHtml } from '../../lambda/domain/report-html.js';
import { MAX_REPORT_DAYS } from '../../lambda/schemas/read-queries.js';
import { makeApiSigner, makeSignedApi } from '../../smoke/cloud/signed-api.js';
import { readStackOutputs } from '../../smoke/cloud/stack-outputs.js';
import { toApiReply, unreachable } from '../../smoke/http-reply.js';
import { type ApiGet, makeApiBuildReport } from './api-build-report.js';

/** `--help`. */
export const USAGE = `Usage: npm run report -- --from ISO --to ISO --format csv|html [--out FILE]
         [--api-url URL | --stack-name NAME [--region REGION]] [--timezone TZ] [--previous-from ISO]

Builds the compliance report of the scheduled report (per location and camera: frames, persons,
compliance rate, violations by equipment, false positives, and the change against the period
before) for any period, from GET /reports/compliance: of the local runtime (npm start) by
default, or of a deployed stack (SigV4-signed with your AWS credentials).

Options:
  --from ISO           start of the period, ISO 8601 with a zone (rounded down to the hour)
  --to ISO             end of the period, excluded (rounded up to the hour); at most ${MAX_REPORT_DAYS} days after --from
  --format csv|html    what to write
  --out FILE           write to FILE instead of standard output
  --api-url URL        the local runtime's API (default http://127.0.0.1:3000)
  --stack-name NAME    a deployed stack instead (its ApiUrl and ConsoleUrl outputs)
  --region REGION      the stack's region (default: AWS_REGION or your profile's)
  --timezone TZ        IANA time zone the period is shown in (default UTC)
  --previous-from ISO  start of the period to compare with (default: as long before --from as
                       the period is long; the scheduled report uses the calendar period before)
  -h, --help           this text

Exit codes: 0 written; 1 the API could not be read; 2 bad arguments (the message names the flag).`;

/** A command-line mistake: exit code 2 with a message naming the flag. */
export class UsageError extends Error {}

/** The parsed command line. */
export type ReportOptions =
  | { help: true }
  | {
      help: false;
      from: number;
      to: number;
      previousFrom: number;
      format: 'csv' | 'html';
      out?: string;
      timeZone: string;
      target:
        | { kind: 'local'; apiUrl: string }
        | { kind: 'cloud'; stackName: string; region?: string };
    };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(flag: string, text: string | undefined): number {
  if (text === undefined)
    throw new UsageError(
      `--${flag} is required: an ISO 8601 time with a zone, e.g. 2026-11-23T00:00:00Z`,
    );
  const ms = Date.parse(text);
  if (!ISO_WITH_ZONE.test(text) || Number.isNaN(ms)) {
    throw new UsageError(
      `--${flag} must be an ISO 8601 time with a zone, e.g. 2026-11-23T00:00:00Z, not "${text}"`,
    );
  }
  return ms;
}

/** Parses the flags; every mistake names its flag. */
export function parseReportArgs(argv: string[]): ReportOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'api-url': { type: 'string' },
        'stack-name': { type: 'string' },
        region: { type: 'string' },
        timezone: { type: 'string' },
        'previous-from': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const text = (name: string) => values[name] as string | undefined;
  // Whole hours, as the API rounds them.
  const from = Math.floor(instant('from', text('from')) / HOUR) * HOUR;
  const to = Math.ceil(instant('to', text('to')) / HOUR) * HOUR;
  if (from >= to) throw new UsageError('--from must be before --to');
  if (to - from > MAX_REPORT_DAYS * DAY) {
    throw new UsageError(
      `--from and --to may be at most ${MAX_REPORT_DAYS} days apart: split the report`,
    );
  }
  const format = text('format');
  if (format !== 'csv' && format !== 'html') {
    throw new UsageError(
      `--format must be csv or html, not ${format === undefined ? 'missing' : `"${format}"`}`,
    );
  }
  const previousFrom =
    text('previous-from') === undefined
      ? from - (to - from)
      : Math.floor(instant('previous-from', text('previous-from')) / HOUR) * HOUR;
  if (previousFrom >= from) throw new UsageError('--previous-from must be before --from');
  if (from - previousFrom > MAX_REPORT_DAYS * DAY) {
    throw new UsageError(`--previous-from may be at most ${MAX_REPORT_DAYS} days before --from`);
  }
  const timeZone = text('timezone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new UsageError(
      `--timezone must be an IANA time zone name such as UTC or Europe/Berlin, not "${timeZone}"`,
    );
  }
  const out = text('out');
  if (out === '') throw new UsageError('--out must name a file');
  const stackName = text('stack-name');
  const region = text('region');
  const apiUrl = text('api-url');
  let target: Extract<ReportOptions, { help: false }>['target'];
  if (stackName !== undefined || region !== undefined) {
    if (apiUrl !== undefined)
      throw new UsageError('--api-url is for the local runtime, not with --stack-name or --region');
    const name = stackName ?? 'PpeDetection';
    if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) {
      throw new UsageError(`--stack-name must be a CloudFormation stack name, not "${name}"`);
    }
    if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new UsageError(`--region must be a region such as eu-west-1, not "${region}"`);
    }
    target = { kind: 'cloud', stackName: name, ...(region !== undefined ? { region } : {}) };
  } else {
    const url = apiUrl ?? 'http://127.0.0.1:3000';
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new UsageError(`--api-url must be an http(s) URL, not "${url}"`);
    }
    target = { kind: 'local', apiUrl: url };
  }
  return {
    help: false,
    from,
    to,
    previousFrom,
    format,
    ...(out !== undefined ? { out } : {}),
    timeZone,
    target,
  };
}

/** Where the CLI writes, and how it reaches a deployed stack (tests pass stand-ins). */
export interface ReportIo {
  out: (text: string) => void;
  err: (line: string) => void;
  cloudFormation?: (region: string | undefined) => CloudFormationClient;
}

/** The API to read, and the console to link to, for the target. */
async function openTarget(
  target: Extract<ReportOptions, { help: false }>['target'],
  io: ReportIo,
): Promise<{ get: ApiGet; consoleUrl?: string }> {
  if (target.kind === 'local') {
    const base = target.apiUrl.endsWith('/') ? target.apiUrl : `${target.apiUrl}/`;
    const get: ApiGet = async (path) => {
      const url = new URL(path, base);
      try {
        return await toApiReply(await fetch(url));
      } catch (error) {
        throw unreachable(url.toString(), error);
      }
    };
    const info = await get('local/info').catch(() => undefined);
    const consoleUrl = (info?.json as { consoleUrl?: string } | undefined)?.consoleUrl;
    return { get, ...(consoleUrl ? { consoleUrl } : {}) };
  }
  const credentials = defaultProvider();
  const client =
    io.cloudFormation?.(target.region) ??
    new CloudFormationClient({ ...(target.region ? { region: target.region } : {}), credentials });
  const outputs = await readStackOutputs(client, target.stackName);
  const consoleUrl = outputs.all.ConsoleUrl;
  const request = makeSignedApi(
    outputs.apiUrl,
    makeApiSigner({ region: outputs.region, credentials }),
  );
  return { get: (path) => request('GET', path), ...(consoleUrl ? { consoleUrl } : {}) };
}

/** Runs `npm run report` for a command line and returns the exit code. */
export async function runReport(argv: string[], io: ReportIo): Promise<number> {
  let options: ReportOptions;
  try {
    options = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`report: ${error.message} (see --help)`);
    return 2;
  }
  if (options.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    const { get, consoleUrl } = await openTarget(options.target, io);
    const report = await makeBuildPeriodReport(makeApiBuildReport(get))({
      period: { from: options.from, to: options.to },
      previousPeriod: { from: options.previousFrom, to: options.from },
      timeZone: options.timeZone,
    });
    const text =
      options.format === 'csv'
        ? renderReportCsv(report)
        : renderReportHtml(report, consoleUrl ? { consoleUrl } : {});
    if (options.out) {
      await writeFile(options.out, text);
      io.err(`report: wrote ${options.out}`);
    } else io.out(text);
    return 0;
  } catch (error) {
    io.err(`report: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
