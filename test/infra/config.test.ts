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
      'HEAD_COVER,GLOVES',
      'a non-empty comma-separated list of FACE_COVER, HEAD_COVER, HAND_COVER',
    ],
    [
      'requiredEquipment',
      '',
      'a non-empty comma-separated list of FACE_COVER, HEAD_COVER, HAND_COVER',
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
