import { useApi } from '../api/context.js';
import { useLoad } from '../api/use-load.js';
import { Empty, Failure, Loading } from '../components/states.js';
import { groupName, reportToCsv } from '../logic/csv.js';
import {
  type ComplianceFilters,
  complianceFiltersToSearch,
  complianceQuery,
  isDay,
  parseComplianceFilters,
} from '../logic/filters.js';
import { navigate } from '../router.js';
import { ComplianceChart } from './ComplianceChart.js';

const rate = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

function Settings(props: { filters: ComplianceFilters }) {
  const set = (change: Partial<ComplianceFilters>) =>
    navigate(`/compliance?${complianceFiltersToSearch({ ...props.filters, ...change })}`, true);
  const day = (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    return isDay(value) ? value : undefined;
  };
  return (
    <form class="filters" aria-label="Report settings" onSubmit={(event) => event.preventDefault()}>
      <label>
        Group by
        <select
          value={props.filters.groupBy}
          onChange={(e) =>
            set({
              groupBy:
                (e.currentTarget as HTMLSelectElement).value === 'location' ? 'location' : 'camera',
            })
          }
        >
          <option value="camera">camera</option>
          <option value="location">location</option>
        </select>
      </label>
      <label>
        Interval
        <select
          value={props.filters.interval}
          onChange={(e) =>
            set({
              interval: (e.currentTarget as HTMLSelectElement).value === 'hour' ? 'hour' : 'day',
            })
          }
        >
          <option value="day">day</option>
          <option value="hour">hour</option>
        </select>
      </label>
      <label>
        From (UTC day)
        <input
          type="date"
          value={props.filters.from ?? ''}
          onChange={(e) => set({ from: day(e) })}
        />
      </label>
      <label>
        To (UTC day, included)
        <input type="date" value={props.filters.to ?? ''} onChange={(e) => set({ to: day(e) })} />
      </label>
    </form>
  );
}

/** `/compliance?groupBy=&interval=&from=&to=`: the report as a chart, a table and a CSV. */
export function ComplianceView(props: { search: string }) {
  const { api } = useApi();
  const filters = parseComplianceFilters(props.search);
  const query = complianceQuery(filters);
  const [report] = useLoad(`compliance:${query}`, () => api.compliance(query));
  const download = () => {
    if (report.state !== 'done') return;
    const blob = new Blob([reportToCsv(report.value)], { type: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `compliance-${filters.groupBy}-${filters.interval}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return (
    <section aria-labelledby="compliance-title">
      <h1 id="compliance-title">Compliance</h1>
      <Settings filters={filters} />
      {report.state === 'loading' ? <Loading /> : null}
      {report.state === 'failed' ? (
        <Failure error={report.error} route="GET /reports/compliance" />
      ) : null}
      {report.state === 'done' && report.value.groups.length === 0 ? (
        <Empty what="No frames in this period." />
      ) : null}
      {report.state === 'done' && report.value.groups.length > 0 ? (
        <>
          <p class="meta">
            {report.value.from} to {report.value.to}
          </p>
          <ComplianceChart report={report.value} />
          <button type="button" onClick={download}>
            Download CSV
          </button>
          <table aria-label="Compliance report">
            <thead>
              <tr>
                <th scope="col">{filters.groupBy === 'camera' ? 'Camera' : 'Location'}</th>
                <th scope="col">Start</th>
                <th scope="col">Frames</th>
                <th scope="col">Persons</th>
                <th scope="col">Compliant</th>
                <th scope="col">Violations</th>
                <th scope="col">False positives</th>
                <th scope="col">Indeterminate</th>
                <th scope="col">Compliance rate</th>
              </tr>
            </thead>
            <tbody>
              {report.value.groups.flatMap((group) =>
                group.buckets.map((bucket) => (
                  <tr
                    key={`${groupName(group)}#${bucket.start}`}
                    data-group={groupName(group)}
                    data-start={bucket.start}
                  >
                    <th scope="row">{groupName(group)}</th>
                    <td>{bucket.start}</td>
                    <td data-column="frames">{bucket.frames}</td>
                    <td data-column="persons">{bucket.persons}</td>
                    <td data-column="compliant">{bucket.compliant}</td>
                    <td data-column="violations">{bucket.violations}</td>
                    <td data-column="falsePositives">{bucket.falsePositives ?? 0}</td>
                    <td data-column="indeterminate">{bucket.indeterminate}</td>
                    <td data-column="complianceRate">{rate(bucket.complianceRate)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
