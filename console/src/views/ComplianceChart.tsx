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

const COLOURS = ['#1565c0', '#6a1b9a', '#00838f', '#ef6c00', '#5d4037', '#ad1457', '#455a64'];

/** A bucket's start as the axis shows it: the day, or the day and hour. */
const label = (start: string, interval: 'hour' | 'day') =>
  interval === 'day' ? start.slice(0, 10) : `${start.slice(0, 10)} ${start.slice(11, 16)}`;

/**
 * The compliance rate per hour or day, one bar series per camera or location (Chart.js, only
 * the bar chart's parts registered so the rest is tree-shaken); a bucket without frames is a gap.
 */
export function ComplianceChart(props: { report: ComplianceReport }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { report } = props;
  useEffect(() => {
    if (!canvas.current) return;
    const starts = [
      ...new Set(report.groups.flatMap((group) => group.buckets.map((b) => b.start))),
    ].sort();
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: starts.map((start) => label(start, report.interval)),
        datasets: report.groups.map((group, index) => {
          const byStart = new Map(group.buckets.map((bucket) => [bucket.start, bucket]));
          return {
            label: groupName(group),
            backgroundColor: COLOURS[index % COLOURS.length] ?? '#455a64',
            data: starts.map((start) => {
              const rate = byStart.get(start)?.complianceRate;
              return rate === undefined || rate === null ? null : Math.round(rate * 1000) / 10;
            }),
          };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          y: { min: 0, max: 100, title: { display: true, text: 'Compliance rate (%)' } },
        },
      },
    });
    return () => chart.destroy();
  }, [report]);
  const summary = report.groups
    .map((g) => {
      const rate = g.total.complianceRate;
      return `${groupName(g)}: ${rate === null ? 'no one judged' : `${(rate * 100).toFixed(1)}%`}`;
    })
    .join('; ');
  return (
    <div class="chart">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Compliance rate per ${report.interval}. Over the period: ${summary}`}
      />
    </div>
  );
}
