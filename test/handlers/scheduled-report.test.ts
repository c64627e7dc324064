import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeSnsReportPublisher } from '../../lambda/adapters/sns-report-publisher.js';
import { makeBuildPeriodReport } from '../../lambda/core/period-report.js';
import {
  makeRunScheduledReport,
  type ReportPublisher,
  type ReportStore,
} from '../../lambda/core/run-scheduled-report.js';
import type { ReportMessage } from '../../lambda/domain/report-message.js';
import { makeScheduledReportHandler } from '../../lambda/handlers/scheduled-report.js';
import { buildReportOver, TWO_WEEKS } from '../support/report-stats.js';

function fakes() {
  const files = new Map<string, { body: string; contentType: string }>();
  const published: { message: ReportMessage; filesThen: string[] }[] = [];
  const store: ReportStore = {
    bucket: 'ppe-reports',
    async put(key, body, contentType) {
      files.set(key, { body, contentType });
    },
  };
  const publisher: ReportPublisher = {
    async publish(message) {
      published.push({ message, filesThen: [...files.keys()] });
      return `msg-${published.length}`;
    },
  };
  return { files, published, store, publisher };
}

function handlerWith(parts: ReturnType<typeof fakes>, timeZone = 'UTC', now?: Date) {
  return makeScheduledReportHandler({
    runScheduledReport: makeRunScheduledReport({
      buildPeriodReport: makeBuildPeriodReport(buildReportOver(TWO_WEEKS)),
      store: parts.store,
      publisher: parts.publisher,
      settings: { period: 'week', timeZone, consoleUrl: 'https://console.example.com' },
    }),
    log: () => {},
    ...(now ? { now: () => now } : {}),
  });
}

describe('the scheduled report handler', () => {
  it('writes the CSV and the HTML of the week that ended at the scheduled time, keyed by the period', async () => {
    const parts = fakes();

    const result = await handlerWith(parts)({ at: '2026-11-30T06:00:00Z' });

    expect(result).toEqual({
      period: { from: '2026-11-23T06:00:00.000Z', to: '2026-11-30T06:00:00.000Z' },
      csvKey: 'reports/week/20261123T0600Z_20261130T0600Z/compliance.csv',
      htmlKey: 'reports/week/20261123T0600Z_20261130T0600Z/compliance.html',
      messageId: 'msg-1',
      empty: false,
    });
    expect(parts.files.get(result.csvKey)?.contentType).toBe('text/csv; charset=utf-8');
    expect(parts.files.get(result.csvKey)?.body).toContain('\r\nlocation,dock,');
    expect(parts.files.get(result.htmlKey)?.contentType).toBe('text/html; charset=utf-8');
    expect(parts.files.get(result.htmlKey)?.body).toContain('<h1>PPE compliance report</h1>');
  });

  it('announces the report only once both files are written, naming them', async () => {
    const parts = fakes();

    const result = await handlerWith(parts)({ at: '2026-11-30T06:00:00Z' });

    expect(parts.published).toHaveLength(1);
    expect(parts.published[0]?.filesThen.sort()).toEqual([result.csvKey, result.htmlKey].sort());
    expect(parts.published[0]?.message.email).toContain(`s3://ppe-reports/${result.htmlKey}`);
  });

  it('runs for the time the run was due, not the time it happens to run (a retry hours later)', async () => {
    const parts = fakes();

    const result = await handlerWith(
      parts,
      'UTC',
      new Date('2026-11-30T11:00:00Z'),
    )({
      at: '2026-11-30T06:00:00Z',
    });

    expect(result.period.to).toBe('2026-11-30T06:00:00.000Z');
  });

  it('runs for now when the event gives no time', async () => {
    const parts = fakes();

    const result = await handlerWith(parts, 'UTC', new Date('2026-11-30T06:20:00Z'))({});

    expect(result.period).toEqual({
      from: '2026-11-23T06:00:00.000Z',
      to: '2026-11-30T06:00:00.000Z',
    });
  });

  it('refuses an event whose time is not ISO 8601, saying what it must be', async () => {
    await expect(handlerWith(fakes())({ at: 'last monday' })).rejects.toThrow(
      'The report event must be {"at": "<ISO 8601 time with a zone>"} or {}',
    );
  });

  it('fails the run when the topic refuses, so that Lambda retries it and then keeps it in the DLQ', async () => {
    const parts = fakes();
    parts.publisher.publish = async () => {
      throw new Error('AuthorizationError');
    };

    await expect(handlerWith(parts)({ at: '2026-11-30T06:00:00Z' })).rejects.toThrow(
      'AuthorizationError',
    );
  });
});

describe('the SNS report publisher', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('publishes the e-mail text for e-mail and the JSON contract for every other protocol', async () => {
    const parts = fakes();
    await handlerWith(parts)({ at: '2026-11-30T06:00:00Z' });
    const message = parts.published[0]?.message as ReportMessage;

    const id = await makeSnsReportPublisher(
      new SNSClient({ region: 'eu-west-1' }),
      'arn:topic',
    ).publish(message);

    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(id).toBe('m-1');
    expect(input?.MessageStructure).toBe('json');
    expect(input?.Subject).toBe(message.subject);
    const structured = JSON.parse(input?.Message ?? '{}') as { default: string; email: string };
    expect(JSON.parse(structured.default)).toEqual(message.body);
    expect(structured.email).toBe(message.email);
  });
});
