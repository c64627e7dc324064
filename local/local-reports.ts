import * as z from 'zod';
import type { ReportPeriod } from '../lambda/domain/report-period.js';
import { applyEnvironment } from './function-environment.js';
import { invoke, type LocalFunction } from './lambda-context.js';

/** Where the local scheduled report writes and publishes, and what it covers. */
export interface LocalReportsOptions {
  region: string;
  bucket: string;
  topicArn: string;
  period: ReportPeriod;
  timeZone: string;
  /** The console served locally, for the report's link; none when no console is served. */
  consoleUrl?: string;
  log: (line: string) => void;
}

/** The scheduled report, as `POST /local/reports/run` runs it. */
export interface LocalReports {
  /** Runs the report for the time `at` (now when absent), as the schedule would at that time. */
  run(at?: string): Promise<unknown>;
  /** The route's answer to a request body: 200 with what was written, or the error. */
  answer(body: Buffer): Promise<[number, unknown]>;
}

const runRequestSchema = z.strictObject({
  at: z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-30T06:00:00Z',
    })
    .optional(),
});

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * Loads the scheduled report function with the environment the stack gives it, pointed at the
 * local reports bucket and topic. Loaded after the other functions, once the console's URL (its
 * link) is known: it reads its environment at import, as in Lambda.
 */
export async function loadLocalReports(options: LocalReportsOptions): Promise<LocalReports> {
  applyEnvironment({
    set: {
      REPORTS_BUCKET: options.bucket,
      REPORT_TOPIC_ARN: options.topicArn,
      REPORT_PERIOD: options.period,
      REPORT_TIMEZONE: options.timeZone,
      ...(options.consoleUrl ? { CONSOLE_URL: options.consoleUrl } : {}),
    },
    unset: options.consoleUrl ? [] : ['CONSOLE_URL'],
  });
  const entry = await import('../lambda/functions/scheduled-report.js');
  const fn: LocalFunction<unknown, unknown> = {
    name: 'ppe-detection-scheduled-report',
    timeoutMs: 120_000,
    memoryMb: 512,
    handler: entry.handler as LocalFunction<unknown, unknown>['handler'],
  };
  const run = (at?: string) => invoke(fn, at ? { at } : {}, options.region);
  return {
    run,
    async answer(body) {
      let json: unknown;
      try {
        json = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return [
          400,
          errorBody('INVALID_JSON', 'The body must be JSON: {"at": "<ISO 8601 time>"} or {}.'),
        ];
      }
      const parsed = runRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const message =
          issue?.code === 'unrecognized_keys'
            ? `Unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}: the body takes only "at".`
            : `Field "${String(issue?.path[0] ?? 'at')}" ${issue?.message ?? 'is invalid'}.`;
        return [400, errorBody('INVALID_REQUEST', message)];
      }
      try {
        const result = await run(parsed.data.at);
        options.log(
          `REPORT written for ${JSON.stringify((result as { period?: unknown }).period)}; see GET /local/reports`,
        );
        return [200, result];
      } catch (error) {
        options.log(`REPORT failed: ${String(error)}`);
        return [502, errorBody('REPORT_FAILED', `The report function failed: ${String(error)}`)];
      }
    },
  };
}
