import { TimeZone } from 'aws-cdk-lib';
import * as z from 'zod';
import { REPORT_PERIODS } from '../lambda/domain/report-period.js';
import { scheduleExpressionProblem } from './schedule-expression.js';

/**
 * The IANA time zone names EventBridge Scheduler evaluates schedules in: those aws-cdk-lib
 * lists (its `TimeZone` constants, kept from the tz database) and `UTC`.
 */
export const IANA_TIME_ZONES: ReadonlySet<string> = new Set([
  'UTC',
  ...Object.getOwnPropertyNames(TimeZone)
    .map((name) => (TimeZone as unknown as Record<string, unknown>)[name])
    .filter((value): value is TimeZone => value instanceof TimeZone)
    .map((zone) => zone.timezoneName),
]);

/** The IANA name a wrongly cased one means, e.g. `Europe/Berlin` for `europe/berlin`. */
const properlyCased = (name: string) =>
  [...IANA_TIME_ZONES].find((known) => known.toLowerCase() === name.toLowerCase());

const emails = z.preprocess(
  (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : value,
  z.array(z.email()),
);

/**
 * The configuration keys of the scheduled compliance report, merged into the stack's schema
 * (lib/config.ts). Descriptions double as the error message, as for every key.
 */
export const reportConfigShape = {
  reportSchedule: z
    .string()
    .trim()
    .superRefine((expression, context) => {
      const problem = scheduleExpressionProblem(expression);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .default('cron(0 6 ? * MON *)')
    .describe(
      'an EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year) ' +
        'with "?" in one day field, such as cron(0 6 ? * MON *) (Mondays 06:00), or rate(value unit) such as rate(1 day)',
    ),
  reportTimezone: z
    .string()
    .trim()
    .superRefine((name, context) => {
      if (IANA_TIME_ZONES.has(name)) return;
      const meant = properlyCased(name);
      context.addIssue({
        code: 'custom',
        message: meant
          ? `time zone names are case-sensitive: write "${meant}"`
          : 'unknown time zone',
      });
    })
    .default('UTC')
    .describe('an IANA time zone name such as UTC, Europe/Berlin or America/New_York'),
  reportPeriod: z
    .enum(REPORT_PERIODS)
    .default('week')
    .describe(
      'day, week or month: the calendar span in reportTimezone that each report covers, ending at its run',
    ),
  reportEmails: emails.default([]).describe('a comma-separated list of e-mail addresses'),
  reportRetentionDays: z
    .preprocess(
      (value: unknown) =>
        typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value,
      z.number().int().min(1).max(3650),
    )
    .default(400)
    .describe('a whole number from 1 to 3650'),
};
