import { makeDynamoDbResultsQueries } from '../adapters/dynamodb-results-queries.js';
import { makeS3ReportStore } from '../adapters/s3-report-store.js';
import { makeSnsReportPublisher } from '../adapters/sns-report-publisher.js';
import { makeBuildReport } from '../core/build-report.js';
import { makeBuildPeriodReport } from '../core/period-report.js';
import { makeRunScheduledReport } from '../core/run-scheduled-report.js';
import { REPORT_PERIODS, type ReportPeriod } from '../domain/report-period.js';
import { makeScheduledReportHandler } from '../handlers/scheduled-report.js';
import { documentClient, s3Client, snsClient } from './clients.js';
import { requireEnv } from './env.js';
import { instrument, logger } from './powertools.js';

const period = requireEnv('REPORT_PERIOD');
if (!(REPORT_PERIODS as readonly string[]).includes(period)) {
  throw new Error(
    `Environment variable REPORT_PERIOD must be one of ${REPORT_PERIODS.join(', ')}.`,
  );
}
const consoleUrl = process.env.CONSOLE_URL;

/** Lambda entry of the scheduled compliance report, invoked by EventBridge Scheduler. */
export const handler = instrument(
  makeScheduledReportHandler({
    runScheduledReport: makeRunScheduledReport({
      buildPeriodReport: makeBuildPeriodReport(
        makeBuildReport(makeDynamoDbResultsQueries(documentClient(), requireEnv('TABLE_NAME'))),
      ),
      store: makeS3ReportStore(s3Client(), requireEnv('REPORTS_BUCKET')),
      publisher: makeSnsReportPublisher(snsClient(), requireEnv('REPORT_TOPIC_ARN')),
      settings: {
        period: period as ReportPeriod,
        timeZone: requireEnv('REPORT_TIMEZONE'),
        ...(consoleUrl ? { consoleUrl } : {}),
      },
    }),
    log: (message, details) => logger.info(message, { ...details }),
  }),
);
