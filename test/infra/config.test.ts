import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  checkS3Pacing,
  loadConfig,
  PPE_CONFIG_KEYS,
  s3DetectorCallsPerSecond,
} from '../../lib/config.js';
import { manyPolicies } from '../support/many-policies.js';
import { cdkJsonContext } from './synth.js';

/** Context lookup over a plain object, as `app.node.tryGetContext` would answer. */
const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

/** The scheduled report's keys when none is given: weekly, Mondays 06:00 UTC. */
const REPORT_DEFAULTS = {
  reportSchedule: 'cron(0 6 ? * MON *)',
  reportTimezone: 'UTC',
  reportPeriod: 'week',
  reportEmails: [],
  reportRetentionDays: 400,
};

describe('loadConfig', () => {
  it('returns the documented defaults when no context is given', () => {
    expect(loadConfig(contextOf({}))).toEqual({
      requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
      minConfidence: 80,
      alertEmails: [],
      alarmEmails: [],
      alertOnIndeterminate: false,
      imageRetentionDays: 7,
      resultRetentionDays: 365,
      s3MaxConcurrency: 4,
      s3BatchSize: 5,
      athenaScanLimitMb: 1024,
      rekognitionTps: 5,
      apiRateLimit: 10,
      apiBurstLimit: 20,
      alertCooldownMinutes: 5,
      consoleOrigins: [],
      policies: [],
      ...REPORT_DEFAULTS,
      customEquipment: [],
    });
  });

  it('parses the strings that `cdk -c key=value` passes', () => {
    const config = loadConfig(
      contextOf({
        requiredEquipment: 'HEAD_COVER,HAND_COVER',
        minConfidence: '90',
        alertOnIndeterminate: 'true',
        alertEmails: 'safety@example.com, lead@example.org',
        alarmEmails: 'ops@example.com',
        imageRetentionDays: '30',
        resultRetentionDays: '90',
        s3MaxConcurrency: '10',
        s3BatchSize: '1',
        athenaScanLimitMb: '200',
        rekognitionTps: '2.5',
        apiRateLimit: '2.5',
        apiBurstLimit: '5',
        alertCooldownMinutes: '0',
        policies: '[{"id":"gate","cameras":["cam-gate"],"cooldownMinutes":2}]',
      }),
    );

    expect(config).toEqual({
      requiredEquipment: ['HEAD_COVER', 'HAND_COVER'],
      minConfidence: 90,
      alertOnIndeterminate: true,
      alertEmails: ['safety@example.com', 'lead@example.org'],
      alarmEmails: ['ops@example.com'],
      imageRetentionDays: 30,
      resultRetentionDays: 90,
      s3MaxConcurrency: 10,
      s3BatchSize: 1,
      athenaScanLimitMb: 200,
      rekognitionTps: 2.5,
      apiRateLimit: 2.5,
      apiBurstLimit: 5,
      alertCooldownMinutes: 0,
      consoleOrigins: [],
      policies: [{ id: 'gate', cameras: ['cam-gate'], cooldownMinutes: 2 }],
      ...REPORT_DEFAULTS,
      customEquipment: [],
    });
  });

  it('accepts JSON types from cdk.json', () => {
    const config = loadConfig(
      contextOf({
        requiredEquipment: ['HAND_COVER'],
        minConfidence: 55.5,
        alertOnIndeterminate: false,
        alertEmails: ['safety@example.com'],
      }),
    );

    expect(config).toMatchObject({
      requiredEquipment: ['HAND_COVER'],
      minConfidence: 55.5,
      alertOnIndeterminate: false,
      alertEmails: ['safety@example.com'],
    });
  });

  it('drops duplicate equipment types', () => {
    const config = loadConfig(contextOf({ requiredEquipment: 'HEAD_COVER,HEAD_COVER' }));

    expect(config.requiredEquipment).toEqual(['HEAD_COVER']);
  });

  it('reads an empty e-mail list as no subscriptions', () => {
    expect(loadConfig(contextOf({ alertEmails: '' })).alertEmails).toEqual([]);
  });

  it.each([
    [
      'requiredEquipment',
      'HEAD_COVER,head cover',
      'a non-empty comma-separated list of FACE_COVER, HEAD_COVER, HAND_COVER and the types of "customEquipment"',
    ],
    [
      'requiredEquipment',
      '',
      'a non-empty comma-separated list of FACE_COVER, HEAD_COVER, HAND_COVER and the types of "customEquipment"',
    ],
    ['minConfidence', 'abc', 'a number from 50 to 100'],
    ['minConfidence', '49', 'a number from 50 to 100'],
    ['minConfidence', 101, 'a number from 50 to 100'],
    [
      'alertEmails',
      'safety@example.com,not-an-address',
      'a comma-separated list of e-mail addresses',
    ],
    ['alarmEmails', 'ops', 'a comma-separated list of e-mail addresses'],
    ['alertOnIndeterminate', 'yes', 'true or false'],
    ['imageRetentionDays', '0', 'a whole number from 1 to 3650'],
    ['imageRetentionDays', '1.5', 'a whole number from 1 to 3650'],
    ['resultRetentionDays', '3651', 'a whole number from 1 to 3650'],
    ['s3MaxConcurrency', '1', 'a whole number from 2 to 1000'],
    ['s3BatchSize', '11', 'a whole number from 1 to 10'],
    ['athenaScanLimitMb', '9', 'a whole number of megabytes from 10 (Athena minimum) to 10000000'],
    ['rekognitionTps', '0', 'a number of calls per second from 0.1 to 1000'],
    ['apiRateLimit', '0', 'a number of requests per second from 1 to 10000'],
    ['apiBurstLimit', 'lots', 'a whole number from 1 to 5000'],
    ['alertCooldownMinutes', '-1', 'a number of minutes from 0 to 1440'],
    [
      'consoleOrigins',
      'http://console.example.com',
      'a comma-separated list of https origins such as https://console.example.com (scheme, host, optional port; no path)',
    ],
    [
      'consoleOrigins',
      'https://console.example.com/app',
      'a comma-separated list of https origins such as https://console.example.com (scheme, host, optional port; no path)',
    ],
    [
      'consoleOrigins',
      '*',
      'a comma-separated list of https origins such as https://console.example.com (scheme, host, optional port; no path)',
    ],
  ])('rejects %s=%j naming the key and the allowed values', (key, value, allowed) => {
    expect(() => loadConfig(contextOf({ [key]: value }))).toThrow(
      `Invalid context "${key}": must be ${allowed} (got ${JSON.stringify(value)})`,
    );
  });

  it.each([
    ['not JSON', '"policies": Invalid input: expected array'],
    [[{ id: 'x' }], '"policies[0]": needs "cameras" or "locationPrefix"'],
    [[{ id: 'x', cameras: ['a'], minConfidence: 20 }], '"policies[0].minConfidence": Too small'],
    [
      [{ id: 'x', cameras: ['a'], requiredEquipment: ['BOOTS'] }],
      '"policies[0].requiredEquipment[0]"',
    ],
    [[{ id: 'x', cameras: ['a'], color: 'red' }], '"policies[0]": Unrecognized key: "color"'],
    [
      [
        { id: 'a', cameras: ['a'] },
        { id: 'a', cameras: ['b'] },
      ],
      'policy ids must be unique',
    ],
    [[{ id: 'default', cameras: ['a'] }], 'the id "default" is reserved'],
  ])('rejects policies %j, saying which policy and field is wrong', (value, message) => {
    expect(() => loadConfig(contextOf({ policies: value }))).toThrow(message);
  });

  it('accepts 200 policies of three cameras each', () => {
    const config = loadConfig(contextOf({ policies: JSON.stringify(manyPolicies(200)) }));

    expect(config.policies).toHaveLength(200);
  });

  it('rejects policies over 256 KB of JSON, naming the limit', () => {
    const cameras = Array.from({ length: 20_000 }, (_, i) => `camera-${i}`);

    expect(() => loadConfig(contextOf({ policies: [{ id: 'all', cameras }] }))).toThrow(
      'at most 256 KB of JSON',
    );
  });
});

describe('unknown context keys', () => {
  /** What `app.node.getAllContext()` holds besides our keys: cdk.json's flags and the CLI's. */
  const cdkKeys = [
    ...Object.keys(cdkJsonContext()),
    'aws:cdk:enable-path-metadata',
    'aws:cdk:bundling-stacks',
    'acknowledged-issue-numbers',
    'availability-zones:account=123456789012:region=eu-west-1',
  ];
  const load = (values: Record<string, unknown>) =>
    loadConfig(contextOf(values), [...cdkKeys, ...Object.keys(values)]);

  it('accepts the configuration keys beside the ones CDK and its CLI set', () => {
    expect(load({ minConfidence: '85' }).minConfidence).toBe(85);
  });

  it('refuses a key in the wrong case, naming the key it means', () => {
    expect(() => load({ minconfidence: '85' })).toThrow(
      new ConfigError(
        `Unknown context key "minconfidence" (did you mean "minConfidence"?). The stack reads: ${PPE_CONFIG_KEYS.join(', ')}.`,
      ),
    );
  });

  it('refuses a misspelt key, naming the nearest one', () => {
    expect(() => load({ alertEmail: 'a@example.com' })).toThrow(
      'Unknown context key "alertEmail" (did you mean "alertEmails"?)',
    );
  });

  it('names every unknown key, and guesses only when one is close', () => {
    expect(() => load({ rekognitionTPS: '5', colour: 'red' })).toThrow(
      'Unknown context keys "rekognitionTPS" (did you mean "rekognitionTps"?), "colour". The stack reads:',
    );
  });
});

describe("the S3 path's pacing", () => {
  it('gives each s3-ingest container an equal share of rekognitionTps', () => {
    const config = loadConfig(contextOf({ rekognitionTps: '15', s3MaxConcurrency: '3' }));

    expect(s3DetectorCallsPerSecond(config)).toBe(5);
  });

  it('accepts the defaults: a batch of 5 at 1.25 calls/s takes 4 s of a 60 s timeout', () => {
    expect(() => checkS3Pacing(loadConfig(contextOf({})), 60)).not.toThrow();
  });

  it('refuses a pace so slow that a batch would outlast half the function timeout', () => {
    const config = loadConfig(contextOf({ s3MaxConcurrency: '100' }));

    expect(() => checkS3Pacing(config, 60)).toThrow(
      'a batch of 5 uploads ("s3BatchSize") paced at "rekognitionTps" / "s3MaxConcurrency" = 5 / 100 = 0.05 calls/s per function takes 100 s, over the 30 s allowed',
    );
  });
});

describe("the scheduled report's keys", () => {
  const load = (values: Record<string, unknown>) => loadConfig(contextOf(values));

  it('reads a schedule, a time zone, a period, e-mails and a retention from `-c` strings', () => {
    const config = load({
      reportSchedule: 'cron(30 7 1 * ? *)',
      reportTimezone: 'Europe/Berlin',
      reportPeriod: 'month',
      reportEmails: 'audit@example.com, safety@example.com',
      reportRetentionDays: '90',
    });

    expect(config).toMatchObject({
      reportSchedule: 'cron(30 7 1 * ? *)',
      reportTimezone: 'Europe/Berlin',
      reportPeriod: 'month',
      reportEmails: ['audit@example.com', 'safety@example.com'],
      reportRetentionDays: 90,
    });
  });

  it.each([
    'cron(0 6 ? * MON *)',
    'cron(0 6 ? * MON-FRI *)',
    'cron(0/15 8-17 ? * 2-6 *)',
    'cron(0 6 L * ? *)',
    'cron(0 6 15W * ? *)',
    'cron(0 6 ? * 2#1 *)',
    'cron(0 6 ? * 6L *)',
    'cron(0 6 1 JAN,JUL ? 2027-2030)',
    'cron(0 */4 * * ? *)',
    'rate(1 day)',
    'rate(7 days)',
    'rate(12 hours)',
  ])('accepts the EventBridge Scheduler expression %s', (expression) => {
    expect(load({ reportSchedule: expression }).reportSchedule).toBe(expression);
  });

  it.each([
    ['cron(0 6 * * MON *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 6 ? * ? *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 6 ? * MON)', 'a cron expression has 6 fields'],
    ['cron(0 6 * * *)', 'a cron expression has 6 fields'],
    ['cron(60 6 ? * MON *)', 'the minutes field "60" must be'],
    ['cron(0 24 ? * MON *)', 'the hours field "24" must be'],
    ['cron(0 6 32 * ? *)', 'the day-of-month field "32" must be'],
    ['cron(0 6 ? 13 MON *)', 'the month field "13" must be'],
    ['cron(0 6 ? * MONDAY *)', 'the day-of-week field "MONDAY" must be'],
    ['cron(0 6 ? * 0 *)', 'the day-of-week field "0" must be'],
    ['cron(0 6 ? * MON 1969)', 'the year field "1969" must be'],
    ['cron(0/0 6 ? * MON *)', 'the minutes field "0/0" has a bad step'],
    ['rate(1 days)', 'write "rate(1 day)"'],
    ['rate(7 day)', 'write "rate(7 days)"'],
    ['rate(0 days)', 'a rate must be a positive whole number'],
    ['rate(1 week)', 'a rate is rate(value unit)'],
    ['at(2027-01-01T06:00:00)', 'a one-time at(...) schedule runs once; this one must recur'],
    ['0 6 * * 1', 'it is neither cron(...) nor rate(...)'],
  ])('refuses the schedule %s, saying why and what a good one looks like', (expression, why) => {
    expect(() => load({ reportSchedule: expression })).toThrow(ConfigError);
    expect(() => load({ reportSchedule: expression })).toThrow(
      `Invalid context "reportSchedule": ${why}`,
    );
    expect(() => load({ reportSchedule: expression })).toThrow(
      `such as cron(0 6 ? * MON *) (Mondays 06:00), or rate(value unit) such as rate(1 day) (got ${JSON.stringify(expression)})`,
    );
  });

  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])(
    'accepts the IANA time zone %s',
    (name) => {
      expect(load({ reportTimezone: name }).reportTimezone).toBe(name);
    },
  );

  it.each([
    ['Mars/Olympus_Mons', 'unknown time zone'],
    ['+01:00', 'unknown time zone'],
    ['CEST', 'unknown time zone'],
    ['europe/berlin', 'time zone names are case-sensitive: write "Europe/Berlin"'],
  ])('refuses the time zone %s, naming the key and an example', (name, why) => {
    expect(() => load({ reportTimezone: name })).toThrow(
      `Invalid context "reportTimezone": ${why}; it must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York (got ${JSON.stringify(name)})`,
    );
  });

  it('refuses a report e-mail that is not an address, naming the key', () => {
    expect(() => load({ reportEmails: 'audit@example.com,audit' })).toThrow(
      'Invalid context "reportEmails": must be a comma-separated list of e-mail addresses (got "audit@example.com,audit")',
    );
  });

  it.each([
    ['reportPeriod', 'fortnight', 'day, week or month'],
    ['reportRetentionDays', '0', 'a whole number from 1 to 3650'],
  ])('refuses %s=%s', (key, value, allowed) => {
    expect(() => load({ [key]: value })).toThrow(`Invalid context "${key}": must be ${allowed}`);
  });
});
