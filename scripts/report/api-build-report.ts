import type { BuildReport, ComplianceReport } from '../../lambda/core/build-report.js';
import type { ReportGroup } from '../../lambda/domain/compliance-report.js';

/** An answer of the API: its status and its JSON body, if any. */
export interface ApiAnswer {
  status: number;
  json: unknown;
}

/** Calls the API: a GET of a path relative to its base URL (`reports/compliance?...`). */
export type ApiGet = (path: string) => Promise<ApiAnswer>;

/**
 * The compliance report use case over the API (GET /reports/compliance), so that
 * `npm run report` builds exactly what the scheduled function builds from the table.
 */
export function makeApiBuildReport(get: ApiGet): BuildReport {
  return async function buildReport(request): Promise<ComplianceReport> {
    const query = new URLSearchParams({
      from: new Date(request.from).toISOString(),
      to: new Date(request.to).toISOString(),
      groupBy: request.groupBy,
      interval: request.interval,
    });
    const answer = await get(`reports/compliance?${query}`);
    const body = answer.json as
      | { error?: { code?: string; message?: string }; groups?: Record<string, unknown>[] }
      | undefined;
    if (answer.status !== 200 || !Array.isArray(body?.groups)) {
      const why = body?.error
        ? `${body.error.code}: ${body.error.message}`
        : 'no report in the answer';
      throw new Error(`GET /reports/compliance answered ${answer.status} (${why})`);
    }
    return {
      ...(body as unknown as ComplianceReport),
      groups: body.groups.map(({ [request.groupBy]: key, ...group }) => ({
        key: String(key),
        ...(group as Omit<ReportGroup, 'key'>),
      })),
    };
  };
}
