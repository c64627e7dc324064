import type { ReportCounts } from './compliance-report.js';
import type { PeriodReport, PeriodRow } from './period-report.js';

/** A number as the API gives it; an absent rate as an empty cell. */
const numberCell = (value: number | null) => (value === null ? '' : String(value));

/**
 * A text cell, quoted as RFC 4180 asks when needed; text that a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or carriage return) is prefixed with `'` (OWASP).
 */
export function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const COUNTS = [
  'frames',
  'persons',
  'compliant',
  'violations',
  'indeterminate',
  'falsePositives',
  'rejected',
  'complianceRate',
] as const;
const PREVIOUS = ['frames', 'persons', 'violations', 'falsePositives', 'complianceRate'] as const;
const CHANGES = ['frames', 'persons', 'violations', 'falsePositives', 'complianceRate'] as const;

const capitalised = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** The CSV's header: its columns, in order. */
export function csvColumns(report: PeriodReport): string[] {
  return [
    'group',
    'key',
    'from',
    'to',
    ...COUNTS,
    ...report.equipment.map((type) => `violations_${type}`),
    ...PREVIOUS.map((name) => `previous${capitalised(name)}`),
    ...CHANGES.map((name) => `${name}Change`),
  ];
}

function line(report: PeriodReport, row: PeriodRow): string {
  const counts = (c: ReportCounts, names: readonly (typeof COUNTS)[number][]) =>
    names.map((name) => numberCell(c[name]));
  return [
    row.group,
    textCell(row.key),
    new Date(report.period.from).toISOString(),
    new Date(report.period.to).toISOString(),
    ...counts(row.current, COUNTS),
    ...report.equipment.map((type) =>
      String((row.current.violationsByEquipment as Record<string, number>)[type] ?? 0),
    ),
    ...counts(row.previous, PREVIOUS),
    ...CHANGES.map((name) => numberCell(row.change[name])),
  ].join(',');
}

/**
 * The report as CSV: one row for the site's total, then one per location, then one per camera,
 * each with the period's counts (the numbers of GET /reports/compliance for the period), the
 * previous period's and the change. Rates are fractions (0.9231); false positives are counted
 * apart from violations, as in the API.
 */
export function renderReportCsv(report: PeriodReport): string {
  const rows = [report.total, ...report.locations, ...report.cameras];
  return `${[csvColumns(report).join(','), ...rows.map((row) => line(report, row))].join('\r\n')}\r\n`;
}
