import * as z from 'zod';
import type { ReportMessage } from '../domain/report-message.js';
import { type Assert, documented, type Same } from './api-docs.js';

const dateTime = () => documented(z.string(), { format: 'date-time' });
const window = z.object({ from: dateTime(), to: dateTime() });
const rate = documented(z.number().min(0).max(1).nullable(), {
  description: 'compliant / (compliant + violations); null when no one was judged.',
});
const totals = z.object({
  frames: z.int().min(0),
  persons: z.int().min(0),
  violations: documented(z.int().min(0), {
    description: 'Persons in violation, those a reviewer marked false-positive left out.',
  }),
  falsePositives: z.int().min(0),
  complianceRate: rate,
});

/**
 * The `default` (JSON) entry of the reports topic's message, what SQS, Lambda and HTTP/S
 * subscribers get when a scheduled compliance report is written (README, "Reports").
 */
export const reportNotificationSchema = documented(
  z.object({
    type: z.literal('COMPLIANCE_REPORT'),
    period: window,
    previousPeriod: window,
    timeZone: documented(z.string(), { description: 'IANA name the periods were measured in.' }),
    empty: documented(z.boolean(), { description: 'True when no frame was analysed.' }),
    totals,
    previousTotals: totals,
    worstLocations: z.array(
      z.object({
        location: z.string(),
        complianceRate: rate,
        violations: z.int().min(0),
      }),
    ),
    objects: z.object({
      bucket: z.string(),
      csv: documented(z.string(), { description: 'S3 key of the CSV.' }),
      html: documented(z.string(), { description: 'S3 key of the HTML page.' }),
    }),
    consoleUrl: documented(z.string().optional(), {
      description: "The console's compliance view for the period, when a console is deployed.",
    }),
  }),
  { id: 'ReportNotification', description: 'A scheduled compliance report was written.' },
);

/** The JSON contract of a report notification. */
export type ReportNotification = z.infer<typeof reportNotificationSchema>;

/** The schema describes the message the domain builds exactly; a drift fails to compile. */
export type ReportNotificationMatchesDomain = Assert<
  Same<ReportNotification, ReportMessage['body']>
>;
