import * as z from 'zod';
import type { RunScheduledReport, ScheduledReportResult } from '../core/run-scheduled-report.js';

/**
 * The schedule's input: `{"at": "<aws.scheduler.scheduled-time>"}`, the time the run was due
 * (a retry carries the same one); `{}` runs for now.
 */
export const scheduledReportEventSchema = z.object({
  at: z.iso.datetime({ offset: true }).optional(),
});

/** Refused input: retrying it cannot help, so it fails the invocation with the reason. */
export class ScheduledReportEventError extends Error {
  public override readonly name = 'ScheduledReportEventError';
}

/**
 * The scheduled report's handler: reads the time the run was due and runs the report for the
 * period that ended then. A failure is thrown, so Lambda retries it and then sends the event to
 * the report dead-letter queue (with an alarm).
 */
export function makeScheduledReportHandler(deps: {
  runScheduledReport: RunScheduledReport;
  log: (message: string, details: object) => void;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return async function handler(event: unknown): Promise<ScheduledReportResult> {
    const parsed = scheduledReportEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new ScheduledReportEventError(
        `The report event must be {"at": "<ISO 8601 time with a zone>"} or {}: ${parsed.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(event).slice(0, 200)})`,
      );
    }
    const at = parsed.data.at ? new Date(parsed.data.at) : now();
    const result = await deps.runScheduledReport(at);
    deps.log('Compliance report written and announced', { at: at.toISOString(), ...result });
    return result;
  };
}
