import type { ComplianceReport } from '../api/contracts.js';

/** The CSV's columns: one row per group and bucket, as the API's report gives them. */
export const CSV_COLUMNS = [
  'group',
  'start',
  'frames',
  'rejected',
  'persons',
  'compliant',
  'violations',
  'falsePositives',
  'indeterminate',
  'complianceRate',
] as const;

const cell = (value: string | number | null | undefined): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A report group's name: its camera or location (`(none)` for frames without a location). */
export const groupName = (group: { camera?: string; location?: string }): string =>
  group.camera ?? (group.location === '' ? '(none)' : (group.location ?? ''));

/**
 * The report as CSV (RFC 4180, CRLF): the numbers exactly as the API gave them, a rate as its
 * ratio; cells quoted when needed and formula-like text quoted so spreadsheets do not run it.
 */
export function reportToCsv(report: ComplianceReport): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const group of report.groups) {
    for (const bucket of group.buckets) {
      rows.push(
        [
          groupName(group),
          bucket.start,
          bucket.frames,
          bucket.rejected,
          bucket.persons,
          bucket.compliant,
          bucket.violations,
          bucket.falsePositives ?? 0,
          bucket.indeterminate,
          bucket.complianceRate,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
