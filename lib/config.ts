import { distance } from 'fastest-levenshtein';
import * as z from 'zod';
import {
  EQUIPMENT_TYPE_PATTERN,
  EQUIPMENT_TYPES,
  knownEquipmentTypes,
  unknownEquipment,
} from '../lambda/domain/equipment.js';
import type { PolicySet } from '../lambda/domain/policy.js';
import { customEquipmentListSchema } from '../lambda/schemas/custom-equipment.js';
import { MIN_CONFIDENCE_RANGE, minConfidenceSchema } from '../lambda/schemas/min-confidence.js';
import { policyRuleInputSchema, resolvePolicyRules } from '../lambda/schemas/policy.js';
import { IANA_TIME_ZONES, reportConfigShape } from './report-config.js';
import { scheduleExpressionProblem } from './schedule-expression.js';

/** Splits `-c key=a,b` strings into lists; JSON arrays from cdk.json pass through. */
const commaList = (value: unknown): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0)
    : value;

/** Turns `-c key=90` into 90; leaves anything else for the number schema to reject. */
const numeric = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;

/** Turns `-c key=true` / `-c key=false` into booleans. */
const booleanish = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  return value;
};

const integer = (min: number, max: number) =>
  z.preprocess(numeric, z.number().int().min(min).max(max));

const emails = z.preprocess(commaList, z.array(z.email()));

/** Turns a JSON string (as `-c policies='[...]'` gives it) into its value. */
const json = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/**
 * The policies travel in a file inside each function's code (see lib/policy-file.ts), which every
 * container parses at cold start: a bound that keeps that parse in the low milliseconds.
 */
export const MAX_POLICIES_JSON = 256 * 1024;

/**
 * `customEquipment` travels in the ingest functions' environment (CUSTOM_EQUIPMENT), within
 * Lambda's 4 KB for all variables: about ten types with their ARNs and labels.
 */
export const MAX_CUSTOM_EQUIPMENT_JSON = 2048;

/** A recurring EventBridge Scheduler expression, checked as Scheduler reads it. */
const scheduleExpression = z.string().superRefine((expression, context) => {
  const problem = scheduleExpressionProblem(expression);
  if (problem) {
    context.addIssue({
      code: 'custom',
      message: `must be an EventBridge Scheduler expression such as cron(0 6 ? * MON-FRI *): ${problem}`,
    });
  }
});

/** `customModelSchedule`: when EventBridge Scheduler starts and stops the Custom Labels models. */
export const customModelScheduleSchema = z.strictObject({
  start: scheduleExpression,
  stop: scheduleExpression,
  timezone: z
    .string()
    .refine((zone) => IANA_TIME_ZONES.has(zone), {
      error: 'must be an IANA time zone such as Europe/Berlin or UTC',
    })
    .default('UTC'),
  minInferenceUnits: z
    .number()
    .int({ error: 'must be a whole number from 1 to 100' })
    .min(1, { error: 'must be a whole number from 1 to 100' })
    .max(100, { error: 'must be a whole number from 1 to 100' })
    .default(1),
});

/**
 * A mistake in the configuration: `cdk synth` prints its message alone, without a stack trace,
 * and exits 1.
 */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
}

/**
 * The stack's configuration, read from CDK context (`-c key=value` or `cdk.json`).
 *
 * Each key's description says what it accepts; it doubles as the error message when a
 * value is rejected, so `cdk synth` names the key and the allowed values.
 */
export const ppeConfigSchema = z.object({
  requiredEquipment: z
    .preprocess(commaList, z.array(z.string().regex(EQUIPMENT_TYPE_PATTERN)).min(1))
    .transform((types) => [...new Set(types)])
    .default(['FACE_COVER', 'HEAD_COVER'])
    .describe(
      `a non-empty comma-separated list of ${EQUIPMENT_TYPES.join(', ')} and the types of "customEquipment"`,
    ),
  minConfidence: z
    .preprocess(numeric, minConfidenceSchema())
    .default(80)
    .describe(MIN_CONFIDENCE_RANGE),
  alertEmails: emails.default([]).describe('a comma-separated list of e-mail addresses'),
  alarmEmails: emails.default([]).describe('a comma-separated list of e-mail addresses'),
  alertOnIndeterminate: z
    .preprocess(booleanish, z.boolean())
    .default(false)
    .describe('true or false'),
  imageRetentionDays: integer(1, 3650).default(7).describe('a whole number from 1 to 3650'),
  resultRetentionDays: integer(1, 3650).default(365).describe('a whole number from 1 to 3650'),
  s3MaxConcurrency: integer(2, 1000).default(4).describe('a whole number from 2 to 1000'),
  s3BatchSize: integer(1, 10).default(5).describe('a whole number from 1 to 10'),
  athenaScanLimitMb: integer(10, 10_000_000)
    .default(1024)
    .describe('a whole number of megabytes from 10 (Athena minimum) to 10000000'),
  rekognitionTps: z
    .preprocess(numeric, z.number().min(0.1).max(1000))
    .default(5)
    .describe('a number of calls per second from 0.1 to 1000'),
  apiRateLimit: z
    .preprocess(numeric, z.number().min(1).max(10_000))
    .default(10)
    .describe('a number of requests per second from 1 to 10000'),
  apiBurstLimit: integer(1, 5000).default(20).describe('a whole number from 1 to 5000'),
  alertCooldownMinutes: z
    .preprocess(numeric, z.number().min(0).max(1440))
    .default(5)
    .describe('a number of minutes from 0 to 1440'),
  consoleOrigins: z
    .preprocess(
      commaList,
      z.array(z.string().regex(/^https:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/)),
    )
    .transform((origins) => [...new Set(origins)])
    .default([])
    .describe(
      'a comma-separated list of https origins such as https://console.example.com (scheme, host, optional port; no path)',
    ),
  policies: z
    .preprocess(
      json,
      z
        .array(policyRuleInputSchema)
        .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, {
          error: 'policy ids must be unique',
        })
        .refine((rules) => rules.every((rule) => rule.id !== 'default'), {
          error: 'the id "default" is reserved for the stack-wide policy',
        })
        .refine((rules) => JSON.stringify(rules).length <= MAX_POLICIES_JSON, {
          error: `at most ${MAX_POLICIES_JSON / 1024} KB of JSON`,
        }),
    )
    .default([])
    .describe(
      'a JSON array of policies: {"id", "cameras": [ids] or "locationPrefix", and any of ' +
        '"requiredEquipment", "minConfidence", "alertOnIndeterminate", "cooldownMinutes"}',
    ),
  // The scheduled compliance report: reportSchedule, reportTimezone, reportPeriod, reportEmails,
  // reportRetentionDays.
  ...reportConfigShape,
  customEquipment: z
    .preprocess(
      json,
      customEquipmentListSchema.refine(
        (entries) => JSON.stringify(entries).length <= MAX_CUSTOM_EQUIPMENT_JSON,
        { error: `at most ${MAX_CUSTOM_EQUIPMENT_JSON} characters of JSON` },
      ),
    )
    .default([])
    .describe(
      'a JSON array of custom equipment types: {"type": "HIGH_VIS_VEST", "projectVersionArn": ' +
        'the Custom Labels model version, "labels": ["vest"], "minConfidence": 1 to 100}',
    ),
  customModelSchedule: z
    .preprocess(json, customModelScheduleSchema.optional())
    .describe(
      'a JSON object {"start": "cron(...)", "stop": "cron(...)", "timezone": "Europe/Berlin", ' +
        '"minInferenceUnits": 1}: when EventBridge Scheduler starts and stops the customEquipment models',
    ),
});

/** Validated configuration of one deployment of the PPE detection stack. */
export type PpeConfig = z.infer<typeof ppeConfigSchema>;

/** The context keys the stack reads. */
export type PpeConfigKey = keyof PpeConfig;

/** The context keys the stack reads, in declaration order. */
export const PPE_CONFIG_KEYS = Object.keys(ppeConfigSchema.shape) as PpeConfigKey[];

/**
 * Context keys that CDK itself sets or reads and that have no `:` or `@` to tell them apart
 * (feature flags are `@aws-cdk/...`, CLI and lookup keys `aws:cdk:...` or `provider:...`).
 */
const CDK_CONTEXT_KEYS = new Set([
  'cli-telemetry',
  'acknowledged-issue-numbers',
  'bundlingStacks',
  'assetParallelism',
]);

/**
 * The context keys that look like this stack's but that it does not read: a key of letters,
 * digits, `-` and `_` that is neither a configuration key nor one of CDK's own.
 */
export function unknownContextKeys(keys: Iterable<string>): string[] {
  const known = new Set<string>(PPE_CONFIG_KEYS);
  return [...keys].filter(
    (key) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(key) && !known.has(key) && !CDK_CONTEXT_KEYS.has(key),
  );
}

/** The configuration key a mistyped one most likely meant, if any is close enough. */
export function nearestConfigKey(key: string): PpeConfigKey | undefined {
  const lower = key.toLowerCase();
  const sameLetters = PPE_CONFIG_KEYS.find((known) => known.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const [best] = PPE_CONFIG_KEYS.map((known) => ({
    known,
    edits: distance(lower, known.toLowerCase()),
  })).sort((a, b) => a.edits - b.edits);
  // A few typos, but not a different word: at most 3 edits, and fewer than a third of the key.
  return best && best.edits <= Math.min(3, Math.floor(best.known.length / 3))
    ? best.known
    : undefined;
}

/**
 * Reads and validates the configuration from CDK context.
 *
 * @param getContext looks a key up, e.g. `(key) => app.node.tryGetContext(key)`
 * @param contextKeys every key the context holds (e.g. `Object.keys(app.node.getAllContext())`),
 *   so that a mistyped key fails instead of being ignored
 * @throws ConfigError naming an unknown key and the nearest known one, or the first bad value,
 *   what it accepts and what it got
 */
export function loadConfig(
  getContext: (key: string) => unknown,
  contextKeys: Iterable<string> = [],
): PpeConfig {
  const unknown = unknownContextKeys(contextKeys);
  if (unknown.length > 0) {
    const guesses = unknown.map((key) => {
      const nearest = nearestConfigKey(key);
      return nearest ? `"${key}" (did you mean "${nearest}"?)` : `"${key}"`;
    });
    throw new ConfigError(
      `Unknown context key${unknown.length > 1 ? 's' : ''} ${guesses.join(', ')}. ` +
        `The stack reads: ${PPE_CONFIG_KEYS.join(', ')}.`,
    );
  }

  const raw: Record<string, unknown> = {};
  for (const key of PPE_CONFIG_KEYS) {
    const value = getContext(key);
    if (value !== undefined) raw[key] = value;
  }
  const result = ppeConfigSchema.safeParse(raw);
  if (result.success) {
    checkEquipmentReferences(result.data);
    return result.data;
  }

  const issue = result.error.issues[0];
  const key = issue?.path[0];
  if (typeof key !== 'string' || !(key in ppeConfigSchema.shape)) {
    throw new ConfigError(`Invalid context: ${issue?.message ?? result.error.message}`);
  }
  const allowed = ppeConfigSchema.shape[key as PpeConfigKey].description;
  const got = JSON.stringify(raw[key]);
  // A check of its own (a schedule, a time zone) says what exactly is wrong, before the rule.
  const why = issue?.code === 'custom' ? `${issue.message}; it ` : '';
  if (!JSON_KEYS.has(key))
    throw new ConfigError(`Invalid context "${key}": ${why}must be ${allowed} (got ${got})`);
  // A JSON value can be wrong in many places: say where, and what, before what it must be.
  throw new ConfigError(
    `Invalid context "${key}${where(issue?.path.slice(1) ?? [])}": ${issue?.message}. "${key}" must be ${allowed} (got ${
      got.length > 200 ? `${got.slice(0, 200)}...` : got
    })`,
  );
}

/** The keys whose values are JSON: their errors name the path inside them. */
const JSON_KEYS = new Set(['policies', 'customEquipment', 'customModelSchedule']);

const where = (path: readonly PropertyKey[]) =>
  path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');

/**
 * Checks what the keys say together: every required type (stack-wide and in each policy) is
 * built in or a configured custom one, and a model schedule has models to start.
 *
 * @throws ConfigError naming the key and index, and the known types
 */
export function checkEquipmentReferences(config: PpeConfig): void {
  const known = knownEquipmentTypes(config.customEquipment.map((entry) => entry.type));
  const top = unknownEquipment(config.requiredEquipment, known);
  if (top) throw new ConfigError(`Invalid context "requiredEquipment": ${top.message}.`);
  config.policies.forEach((policy, index) => {
    const unknown = unknownEquipment(policy.requiredEquipment ?? [], known);
    if (unknown) {
      throw new ConfigError(
        `Invalid context "policies[${index}].requiredEquipment[${unknown.index}]": ${unknown.message}.`,
      );
    }
  });
  if (config.customModelSchedule && config.customEquipment.length === 0) {
    throw new ConfigError(
      'Invalid context "customModelSchedule": there is no "customEquipment" model to start and stop; configure "customEquipment" or remove the schedule.',
    );
  }
}

/**
 * The Rekognition calls per second of one s3-ingest container: the S3 path's share of the quota,
 * split between the containers that may run at once.
 */
export function s3DetectorCallsPerSecond(config: PpeConfig): number {
  return config.rekognitionTps / config.s3MaxConcurrency;
}

/**
 * Checks that a paced batch fits in the s3-ingest function's timeout, with half of it to spare:
 * a batch of `s3BatchSize` uploads takes at least `s3BatchSize` paced slots.
 *
 * @throws ConfigError naming the three keys, the time a batch would take and what to change
 */
export function checkS3Pacing(config: PpeConfig, functionTimeoutSeconds: number): void {
  const callsPerSecond = s3DetectorCallsPerSecond(config);
  const seconds = config.s3BatchSize / callsPerSecond;
  const limit = functionTimeoutSeconds / 2;
  if (seconds <= limit) return;
  throw new ConfigError(
    `Invalid context: a batch of ${config.s3BatchSize} uploads ("s3BatchSize") paced at ` +
      `"rekognitionTps" / "s3MaxConcurrency" = ${config.rekognitionTps} / ${config.s3MaxConcurrency} ` +
      `= ${Number(callsPerSecond.toFixed(3))} calls/s per function takes ${Number(seconds.toFixed(1))} s, ` +
      `over the ${limit} s allowed (half the ${functionTimeoutSeconds} s timeout). ` +
      'Lower "s3MaxConcurrency" or "s3BatchSize", or raise "rekognitionTps".',
  );
}

/**
 * The policies the functions judge frames by: the stack-wide default from the top-level keys,
 * and each configured policy with its unset fields taken from that default.
 */
export function policySetOf(config: PpeConfig): PolicySet {
  return resolvePolicyRules(
    {
      id: 'default',
      requiredEquipment: config.requiredEquipment,
      minConfidence: config.minConfidence,
      alertOnIndeterminate: config.alertOnIndeterminate,
      cooldownSeconds: config.alertCooldownMinutes * 60,
    },
    config.policies,
  );
}
