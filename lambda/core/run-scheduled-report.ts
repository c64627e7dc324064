import { renderReportCsv } from '../domain/report-csv.js';
import { renderReportHtml } from '../domain/report-html.js';
import { type ReportMessage, reportMessage } from '../domain/report-message.js';
import { type ReportPeriod, type ReportWindow, reportWindows } from '../domain/report-period.js';
import type { BuildPeriodReport } from './period-report.js';

/** Writes report files: the reports bucket (under `reports/`). */
export interface ReportStore {
  /** The bucket, as named in the e-mail. */
  bucket: string;
  put(key: string, body: string, contentType: string): Promise<void>;
}

/** Publishes a report's announcement: the reports topic. */
export interface ReportPublisher {
  publish(message: ReportMessage): Promise<string>;
}

/** What a scheduled report is: its period, time zone and where its link points. */
export interface ScheduledReportSettings {
  period: ReportPeriod;
  timeZone: string;
  /** The console's base URL, for the link in the e-mail and the page; none without a console. */
  consoleUrl?: string;
}

/** Key prefix of the reports in their bucket. */
export const REPORTS_PREFIX = 'reports/';

const compact = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');

/**
 * Where a period's files go: `reports/<period>/<from>_<to>/compliance.{csv,html}`, UTC times
 * to the minute (`20261123T0500`), so that a run again for the same time overwrites its own files.
 */
export function reportKeys(period: ReportPeriod, window: ReportWindow) {
  const base = `${REPORTS_PREFIX}${period}/${compact(window.from)}Z_${compact(window.to)}Z/compliance`;
  return { csvKey: `${base}.csv`, htmlKey: `${base}.html` };
}

/** What one run wrote and published. */
export interface ScheduledReportResult {
  period: { from: string; to: string };
  csvKey: string;
  htmlKey: string;
  messageId: string;
  empty: boolean;
}

/**
 * The scheduled compliance report: for the period that ended at `at` (and the one before it),
 * builds the report, writes it as CSV and HTML, then announces it on the reports topic. The
 * files are written before the announcement, so every e-mail names files that exist.
 */
export function makeRunScheduledReport(deps: {
  buildPeriodReport: BuildPeriodReport;
  store: ReportStore;
  publisher: ReportPublisher;
  settings: ScheduledReportSettings;
}) {
  const { settings } = deps;
  return async function runScheduledReport(at: Date): Promise<ScheduledReportResult> {
    const windows = reportWindows(at.getTime(), settings.period, settings.timeZone);
    const report = await deps.buildPeriodReport({
      period: windows.current,
      previousPeriod: windows.previous,
      timeZone: settings.timeZone,
    });
    const keys = reportKeys(settings.period, windows.current);
    const links = settings.consoleUrl ? { consoleUrl: settings.consoleUrl } : {};
    await Promise.all([
      deps.store.put(keys.csvKey, renderReportCsv(report), 'text/csv; charset=utf-8'),
      deps.store.put(keys.htmlKey, renderReportHtml(report, links), 'text/html; charset=utf-8'),
    ]);
    const message = reportMessage(report, { bucket: deps.store.bucket, ...keys }, links);
    const messageId = await deps.publisher.publish(message);
    return { period: message.body.period, ...keys, messageId, empty: message.body.empty };
  };
}

/** The function that runs one scheduled report. */
export type RunScheduledReport = ReturnType<typeof makeRunScheduledReport>;
