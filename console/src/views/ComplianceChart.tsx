import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { ComplianceReport } from '../api/contracts.js';
import { groupName } from '../logic/csv.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** The report's totals per group as stacked bars: compliant, violations, false positives. */
export function ComplianceChart(props: { report: ComplianceReport }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const groups = props.report.groups;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: groups.map(groupName),
        datasets: [
          {
            label: 'Compliant',
            data: groups.map((g) => g.total.compliant),
            backgroundColor: '#2e7d32',
          },
          {
            label: 'Violations',
            data: groups.map((g) => g.total.violations),
            backgroundColor: '#c62828',
          },
          {
            label: 'False positives',
            data: groups.map((g) => g.total.falsePositives ?? 0),
            backgroundColor: '#78909c',
          },
          {
            label: 'Indeterminate',
            data: groups.map((g) => g.total.indeterminate),
            backgroundColor: '#f9a825',
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [props.report]);
  const summary = props.report.groups
    .map((g) => `${groupName(g)}: ${g.total.compliant} compliant, ${g.total.violations} violations`)
    .join('; ');
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={`Persons per group. ${summary}`} />
    </div>
  );
}
