import { z } from 'zod';
import type { NamedQuery, ParameterName } from './named-queries.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The longest period a query may cover; a longer one is refused before it scans anything. */
export const MAX_PERIOD_DAYS = 366;

/** The period of a query, as `npm run query` takes it. */
export const periodInput = z
  .object({
    from: z.iso.datetime({ offset: true, message: 'from must be an ISO 8601 date-time' }),
    to: z.iso.datetime({ offset: true, message: 'to must be an ISO 8601 date-time' }),
  })
  .transform(({ from, to }) => ({
    // Whole hours, as GET /reports/compliance counts them: [hour of from, hour of to).
    from: Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS,
    to: Math.floor(Date.parse(to) / HOUR_MS) * HOUR_MS,
  }))
  .refine(({ from, to }) => to > from, {
    message: 'to must be at least one whole hour after from',
    path: ['to'],
  })
  .refine(({ from, to }) => to - from <= MAX_PERIOD_DAYS * DAY_MS, {
    message: `the period may span at most ${MAX_PERIOD_DAYS} days`,
    path: ['to'],
  });

/** A validated period, in epoch ms, whole hours. */
export type Period = z.output<typeof periodInput>;

/** The period's bounds in the export's formats: timestamps and the days of its partitions. */
export function parameterValues(period: Period): Record<ParameterName, string> {
  const timestamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  return {
    from: timestamp(period.from),
    to: timestamp(period.to),
    from_day: new Date(period.from).toISOString().slice(0, 10),
    to_day: new Date(period.to - 1).toISOString().slice(0, 10),
  };
}

/** The values for a query's `?` placeholders, in order (DuckDB binds them as VARCHAR). */
export function bindValues(query: NamedQuery, period: Period): string[] {
  const values = parameterValues(period);
  return query.parameters.map((name) => values[name]);
}

/**
 * Athena's ExecutionParameters for a query: each value as a SQL literal. The values are made
 * here from a validated period (digits, dashes, colons, a dot and a space), never from raw
 * input, and checked once more so that no quote can reach the query.
 */
export function athenaExecutionParameters(query: NamedQuery, period: Period): string[] {
  return bindValues(query, period).map((value) => {
    if (!/^[0-9: .-]+$/.test(value)) throw new Error(`Refusing a parameter value: ${value}`);
    return `'${value}'`;
  });
}
