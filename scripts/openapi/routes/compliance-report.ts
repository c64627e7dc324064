import { complianceQuerySchema } from '../../../lambda/schemas/read-queries.js';
import { complianceReportSchema } from '../../../lambda/schemas/read-responses.js';
import type { Route } from '../route.js';

/** GET /reports/compliance: the compliance report. */
export const COMPLIANCE_REPORT: Route = {
  method: 'get',
  path: '/reports/compliance',
  operationId: 'getComplianceReport',
  tags: ['Reports'],
  summary: 'Compliance report',
  description:
    'Counts of frames, persons and verdicts per camera or per location, bucketed per hour or per UTC day, with each group\'s total and compliance rate (compliant / (compliant + violations)). The period is rounded out to whole hours (`from` down, `to` up) and defaults to the 7 days up to now; it may span at most 92 days. Groups are sorted by camera or location; buckets run oldest first, and only buckets and groups with stored frames appear. Frames without a location group under `""`.',
  parameters: { query: complianceQuerySchema },
  responses: {
    '200': {
      description: 'The report.',
      schema: complianceReportSchema,
      examples: {
        perCameraPerDay: {
          summary: 'Two days, per camera and day',
          value: {
            from: '2026-11-25T00:00:00.000Z',
            to: '2026-11-27T00:00:00.000Z',
            groupBy: 'camera',
            interval: 'day',
            groups: [
              {
                camera: 'cam-01',
                buckets: [
                  {
                    start: '2026-11-25T00:00:00.000Z',
                    frames: 412,
                    rejected: 3,
                    persons: 1175,
                    compliant: 1092,
                    violations: 61,
                    indeterminate: 22,
                    falsePositives: 0,
                    violationsByEquipment: {
                      HEAD_COVER: 17,
                      HAND_COVER: 48,
                    },
                    complianceRate: 0.9471,
                  },
                  {
                    start: '2026-11-26T00:00:00.000Z',
                    frames: 388,
                    rejected: 1,
                    persons: 1090,
                    compliant: 1041,
                    violations: 35,
                    indeterminate: 14,
                    falsePositives: 0,
                    violationsByEquipment: {
                      HEAD_COVER: 8,
                      HAND_COVER: 29,
                    },
                    complianceRate: 0.9675,
                  },
                ],
                total: {
                  frames: 800,
                  rejected: 4,
                  persons: 2265,
                  compliant: 2133,
                  violations: 96,
                  indeterminate: 36,
                  falsePositives: 0,
                  violationsByEquipment: {
                    HEAD_COVER: 25,
                    HAND_COVER: 77,
                  },
                  complianceRate: 0.9569,
                },
              },
              {
                camera: 'cam-07',
                buckets: [
                  {
                    start: '2026-11-26T00:00:00.000Z',
                    frames: 2,
                    rejected: 0,
                    persons: 0,
                    compliant: 0,
                    violations: 0,
                    indeterminate: 0,
                    falsePositives: 0,
                    violationsByEquipment: {},
                    complianceRate: null,
                  },
                ],
                total: {
                  frames: 2,
                  rejected: 0,
                  persons: 0,
                  compliant: 0,
                  violations: 0,
                  indeterminate: 0,
                  falsePositives: 0,
                  violationsByEquipment: {},
                  complianceRate: null,
                },
              },
            ],
          },
        },
      },
    },
    '400': {
      description:
        '`INVALID_QUERY`: a query parameter is malformed or unknown, `from` is not before `to`, or the period spans more than 92 days. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
      examples: {
        invalidInterval: {
          summary: 'An unknown interval',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message: 'Query parameter "interval" must be hour or day.',
            },
          },
        },
        dateWithoutTime: {
          summary: 'A date without time and zone',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameter "from" must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z.',
            },
          },
        },
        tooLong: {
          summary: 'A period over 92 days',
          value: {
            error: {
              code: 'INVALID_QUERY',
              message:
                'Query parameters "from" and "to" may span at most 92 days: split the report.',
            },
          },
        },
      },
    },
    '403': 'Forbidden',
    '429': 'Throttled',
    '500': 'InternalError',
    '503': 'StoreUnavailable',
  },
};
