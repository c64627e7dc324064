import type { ReportCounts } from './compliance-report.js';
import { isEmptyPeriod, type PeriodReport, worstLocations } from './period-report.js';
import {
  consoleLink,
  formatCount,
  formatPoints,
  formatRate,
  formatSigned,
  windowLabel,
} from './report-format.js';
import { SUBJECT_LIMIT, toPrintableAscii } from './sns-text.js';

/** Where a report's files were written. */
export interface ReportObjects {
  bucket: string;
  csvKey: string;
  htmlKey: string;
}

/** What the reports topic publishes: a Subject, the e-mail text and the JSON contract. */
export interface ReportMessage {
  subject: string;
  email: string;
  /** The `default` entry: see lambda/schemas/report-notification.ts. */
  body: {
    type: 'COMPLIANCE_REPORT';
    period: { from: string; to: string };
    previousPeriod: { from: string; to: string };
    timeZone: string;
    empty: boolean;
    totals: Totals;
    previousTotals: Totals;
    worstLocations: { location: string; complianceRate: number | null; violations: number }[];
    objects: { bucket: string; csv: string; html: string };
    consoleUrl?: string;
  };
}

interface Totals {
  frames: number;
  persons: number;
  violations: number;
  falsePositives: number;
  complianceRate: number | null;
}

const totals = (c: ReportCounts): Totals => ({
  frames: c.frames,
  persons: c.persons,
  violations: c.violations,
  falsePositives: c.falsePositives,
  complianceRate: c.complianceRate,
});

const iso = (ms: number) => new Date(ms).toISOString();
/** A line of text that a location cannot break into several (or make look like another). */
const oneLine = (text: string) => text.replace(/[\s\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ');

/**
 * The reports topic's message: a Subject SNS takes, a plain-text e-mail (the period, the
 * headline numbers with their change, the worst locations, the files and a console link), and
 * the JSON contract for every other protocol.
 */
export function reportMessage(
  report: PeriodReport,
  objects: ReportObjects,
  options: { consoleUrl?: string } = {},
): ReportMessage {
  const { total } = report;
  const empty = isEmptyPeriod(report);
  const worst = worstLocations(report);
  const link = options.consoleUrl ? consoleLink(options.consoleUrl, report) : undefined;
  const day = (ms: number) => iso(ms).slice(0, 10);
  const subject = toPrintableAscii(
    `PPE compliance report ${day(report.period.from)} to ${day(report.period.to)}: ${
      empty ? 'no frames' : formatRate(total.current.complianceRate)
    }`,
  ).slice(0, SUBJECT_LIMIT);

  const c = total.current;
  const lines = [
    'PPE compliance report',
    '',
    `Period:  ${windowLabel(report.period, report.timeZone)}`,
    `Against: ${windowLabel(report.previousPeriod, report.timeZone)}`,
    '',
    ...(empty
      ? ['No frames were analysed in this period.']
      : [
          `Compliance: ${formatRate(c.complianceRate)} (${formatPoints(total.change.complianceRate)}; before: ${formatRate(total.previous.complianceRate)})`,
          `Frames: ${formatCount(c.frames)} (${formatSigned(total.change.frames)})`,
          `Persons: ${formatCount(c.persons)} (${formatSigned(total.change.persons)})`,
          `Violations: ${formatCount(c.violations)} (${formatSigned(total.change.violations)})`,
          `False positives (counted apart): ${formatCount(c.falsePositives)} (${formatSigned(total.change.falsePositives)})`,
          `Missing equipment: ${report.equipment
            .map(
              (type) =>
                `${type} ${formatCount((c.violationsByEquipment as Record<string, number>)[type] ?? 0)}`,
            )
            .join(', ')}`,
        ]),
    '',
    ...(worst.length > 0
      ? [
          'Worst locations:',
          ...worst.map(
            (r, index) =>
              `  ${index + 1}. ${oneLine(r.key) || '(no location)'}: ${formatRate(r.current.complianceRate)} compliant, ${formatCount(r.current.violations)} violations (${formatSigned(r.change.violations)})`,
          ),
          '',
        ]
      : []),
    'Files:',
    `  s3://${objects.bucket}/${objects.csvKey}`,
    `  s3://${objects.bucket}/${objects.htmlKey}`,
    ...(link ? ['', `Open in the console: ${link}`] : []),
  ];

  return {
    subject,
    email: `${lines.join('\n')}\n`,
    body: {
      type: 'COMPLIANCE_REPORT',
      period: { from: iso(report.period.from), to: iso(report.period.to) },
      previousPeriod: { from: iso(report.previousPeriod.from), to: iso(report.previousPeriod.to) },
      timeZone: report.timeZone,
      empty,
      totals: totals(total.current),
      previousTotals: totals(total.previous),
      worstLocations: worst.map((r) => ({
        location: r.key,
        complianceRate: r.current.complianceRate,
        violations: r.current.violations,
      })),
      objects: { bucket: objects.bucket, csv: objects.csvKey, html: objects.htmlKey },
      ...(link ? { consoleUrl: link } : {}),
    },
  };
}
