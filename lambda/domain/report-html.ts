import type { ReportCounts } from './compliance-report.js';
import { isEmptyPeriod, type PeriodReport, type PeriodRow } from './period-report.js';
import {
  consoleLink,
  formatCount,
  formatPoints,
  formatRate,
  formatSigned,
  windowLabel,
} from './report-format.js';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'`]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] ??
      c,
  );
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;color:#1b1f24;margin:2rem;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}
thead th{background:#f6f8fa}.worse{color:#b42318}.better{color:#067647}.empty{font-weight:bold}`;

const cell = (text: string, className?: string) =>
  `<td${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;

/** Red when compliance fell or violations rose, green the other way. */
const direction = (change: number | null, goodWhenUp: boolean) =>
  change === null || change === 0 ? undefined : change > 0 === goodWhenUp ? 'better' : 'worse';

function tableRow(row: PeriodRow, label: string, equipment: readonly string[]): string {
  const c: ReportCounts = row.current;
  const byType = c.violationsByEquipment as Record<string, number>;
  return `<tr>${[
    cell(label),
    cell(formatCount(c.frames)),
    cell(formatCount(c.persons)),
    cell(formatRate(c.complianceRate)),
    cell(formatPoints(row.change.complianceRate), direction(row.change.complianceRate, true)),
    cell(formatCount(c.violations)),
    cell(formatSigned(row.change.violations), direction(row.change.violations, false)),
    ...equipment.map((type) => cell(formatCount(byType[type] ?? 0))),
    cell(formatCount(c.falsePositives)),
    cell(formatCount(c.indeterminate)),
    cell(formatCount(c.rejected)),
  ].join('')}</tr>`;
}

function table(title: string, rows: readonly PeriodRow[], report: PeriodReport): string {
  const headers = [
    title,
    'Frames',
    'Persons',
    'Compliance',
    'Change',
    'Violations',
    'Change',
    ...report.equipment.map((type) => `Missing ${type}`),
    'False positives',
    'Indeterminate',
    'Rejected frames',
  ];
  const body =
    rows.length === 0
      ? `<tr><td colspan="${headers.length}">No frames.</td></tr>`
      : rows
          .map((row) => tableRow(row, row.key === '' ? '(no location)' : row.key, report.equipment))
          .join('\n');
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody></table>`;
}

/**
 * The report as one self-contained HTML page: no scripts, no external resources (a
 * Content-Security-Policy that allows only its own inline style), every value escaped.
 */
export function renderReportHtml(
  report: PeriodReport,
  options: { consoleUrl?: string } = {},
): string {
  const { total } = report;
  const period = windowLabel(report.period, report.timeZone);
  const previous = windowLabel(report.previousPeriod, report.timeZone);
  const headline = isEmptyPeriod(report)
    ? '<p class="empty">No frames were analysed in this period.</p>'
    : `<p>Compliance <strong>${escapeHtml(formatRate(total.current.complianceRate))}</strong> (${escapeHtml(
        formatPoints(total.change.complianceRate),
      )} against ${escapeHtml(formatRate(total.previous.complianceRate))} in the period before);
${escapeHtml(formatCount(total.current.frames))} frames, ${escapeHtml(formatCount(total.current.persons))} persons,
${escapeHtml(formatCount(total.current.violations))} violations (${escapeHtml(formatSigned(total.change.violations))}),
${escapeHtml(formatCount(total.current.falsePositives))} false positives (counted apart from violations).</p>`;
  const link = options.consoleUrl
    ? `<p><a href="${escapeHtml(consoleLink(options.consoleUrl, report))}">Open this period in the console</a></p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PPE compliance report: ${escapeHtml(period)}</title>
<style>${STYLE}</style></head>
<body>
<h1>PPE compliance report</h1>
<p>${escapeHtml(period)}<br>compared with ${escapeHtml(previous)}</p>
${headline}
${link}
<h2>By location</h2>
${table('Location', report.locations, report)}
<h2>By camera</h2>
${table('Camera', report.cameras, report)}
<p>Compliance is compliant / (compliant + violations); persons a reviewer marked false-positive are left out of both and counted apart.</p>
</body></html>
`;
}
