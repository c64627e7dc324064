import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IANAZone } from 'luxon';
import type { CustomEquipment } from '../lambda/domain/custom-equipment.js';
import {
  EQUIPMENT_TYPE_PATTERN,
  type EquipmentType,
  knownEquipmentTypes,
  MIN_CONFIDENCE_CEILING,
  MIN_CONFIDENCE_FLOOR,
  unknownEquipment,
} from '../lambda/domain/equipment.js';
import { REPORT_PERIODS, type ReportPeriod } from '../lambda/domain/report-period.js';
import { customEquipmentListSchema } from '../lambda/schemas/custom-equipment.js';
import { type PolicyRuleInput, policyRuleInputSchema } from '../lambda/schemas/policy.js';
import { banner } from './banner.js';
import type { AnalysisSettings, DetectorKind } from './function-environment.js';
import { type LocalRuntimeOptions, startLocalRuntime } from './start-local-runtime.js';

const USAGE = `Usage: npm start [-- --data-dir DIR]

Runs the PPE detection backend on this machine: the production handlers with local stand-ins.

Environment:
  PORT                    REST routes port (default 3000)
  S3_PORT                 S3 endpoint port (default 4569)
  CONSOLE_PORT            review console port (default 3001; "off" serves no console)
  DATA_DIR                same as --data-dir: keep the table, the bucket and the queue in DIR
  PPE_DETECTOR            replay (default) or rekognition (Amazon Rekognition, your credentials)
  PPE_REPLAY_DIR          recordings for replay: <sha256 of the image>.json (default local/samples)
  PPE_REPLAY_FALLBACK     a DetectProtectiveEquipment response for every image without a recording,
                          e.g. local/samples/empty-scene.json (default none: such images answer NO_RECORDING)
  PPE_REPLAY_TPS          replay quota in calls per second, to try throttling (default none)
  PPE_REPLAY_LATENCY_MS   least time the replay takes to answer an analysis, in ms (default 0)
  REQUIRED_EQUIPMENT      default required equipment (default FACE_COVER,HEAD_COVER)
  MIN_CONFIDENCE          default minimum confidence (default 80)
  ALERT_ON_INDETERMINATE  true to alert on indeterminate persons (default false)
  ALERT_COOLDOWN_SECONDS  hold back a camera's alerts this long after one (default 0)
  POLICIES                per-camera or per-location policies: a JSON array, as the stack's policies context
  CUSTOM_EQUIPMENT        custom equipment types: a JSON array, as the stack's customEquipment context
  PPE_REPLAY_STOPPED_MODELS  Custom Labels model version ARNs (comma list, or "all") the replay treats as not running
  REKOGNITION_TPS         S3 path's Rekognition calls per second, as the stack's rekognitionTps (default 5)
  REPORT_PERIOD           the scheduled report's period: day, week (default) or month
  REPORT_TIMEZONE         the scheduled report's IANA time zone (default UTC)
  LOG_LEVEL               handlers' log level: DEBUG, INFO, WARN, ERROR, SILENT (default INFO)
  AWS_REGION              region (default us-east-1)`;

/** A configuration error: printed without a stack trace. */
class ConfigError extends Error {}

function numberFrom(name: string, min: number, max: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, not "${text}".`);
  }
  return value;
}

function equipmentFrom(text: string, custom: readonly CustomEquipment[]): EquipmentType[] {
  const types = text.split(',').map((type) => type.trim().toUpperCase());
  const known = knownEquipmentTypes(custom.map((entry) => entry.type));
  const unknown = unknownEquipment(types, known);
  if (!types.every((type) => EQUIPMENT_TYPE_PATTERN.test(type)) || unknown) {
    throw new ConfigError(
      `REQUIRED_EQUIPMENT must be a comma list of ${known.join(', ')}, not "${text}".`,
    );
  }
  return types;
}

function customEquipmentFrom(text: string): CustomEquipment[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`CUSTOM_EQUIPMENT must be a JSON array, not "${text}".`);
  }
  const result = customEquipmentListSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = (issue?.path ?? [])
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('');
    throw new ConfigError(`CUSTOM_EQUIPMENT${where}: ${issue?.message}.`);
  }
  return result.data;
}

function booleanFrom(env: NodeJS.ProcessEnv): boolean {
  const text = env.ALERT_ON_INDETERMINATE;
  if (text !== 'true' && text !== 'false') {
    throw new ConfigError(`ALERT_ON_INDETERMINATE must be "true" or "false", not "${text}".`);
  }
  return text === 'true';
}

function policiesFrom(text: string): PolicyRuleInput[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`POLICIES must be a JSON array of policies, not "${text}".`);
  }
  const result = policyRuleInputSchema.array().safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = (issue?.path ?? [])
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('');
    throw new ConfigError(`POLICIES${where}: ${issue?.message}.`);
  }
  return result.data;
}

function detectorFrom(text: string | undefined): DetectorKind {
  if (text === undefined || text === '' || text === 'replay') return 'replay';
  if (text === 'rekognition') return 'rekognition';
  throw new ConfigError(`PPE_DETECTOR must be "replay" or "rekognition", not "${text}".`);
}

/** The scheduled report's period and time zone from REPORT_PERIOD and REPORT_TIMEZONE. */
function reportFrom(env: NodeJS.ProcessEnv): { period?: ReportPeriod; timeZone?: string } {
  const period = env.REPORT_PERIOD;
  if (period && !(REPORT_PERIODS as readonly string[]).includes(period)) {
    throw new ConfigError(
      `REPORT_PERIOD must be one of ${REPORT_PERIODS.join(', ')}, not "${period}".`,
    );
  }
  const timeZone = env.REPORT_TIMEZONE;
  if (timeZone && !IANAZone.isValidZone(timeZone)) {
    throw new ConfigError(
      `REPORT_TIMEZONE must be an IANA time zone name such as UTC or Europe/Berlin, not "${timeZone}".`,
    );
  }
  return {
    ...(period ? { period: period as ReportPeriod } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** Reads the command line and the environment into runtime options, failing with the name. */
function readOptions(): LocalRuntimeOptions & { help: boolean } {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const env = process.env;
  const dataDir = values['data-dir'] ?? env.DATA_DIR;
  const port = numberFrom('PORT', 0, 65_535);
  const s3Port = numberFrom('S3_PORT', 0, 65_535);
  const consolePort = env.CONSOLE_PORT === 'off' ? false : numberFrom('CONSOLE_PORT', 0, 65_535);
  const tps = numberFrom('PPE_REPLAY_TPS', 0, 10_000);
  const latency = numberFrom('PPE_REPLAY_LATENCY_MS', 0, 60_000);
  const minConfidence = numberFrom('MIN_CONFIDENCE', MIN_CONFIDENCE_FLOOR, MIN_CONFIDENCE_CEILING);
  const cooldown = numberFrom('ALERT_COOLDOWN_SECONDS', 0, 86_400);
  const retention = numberFrom('RESULT_RETENTION_DAYS', 1, 3650);
  const rekognitionTps = numberFrom('REKOGNITION_TPS', 0.1, 1000);
  const customEquipment = env.CUSTOM_EQUIPMENT ? customEquipmentFrom(env.CUSTOM_EQUIPMENT) : [];
  const analysis: Partial<AnalysisSettings> = {
    ...(env.REQUIRED_EQUIPMENT
      ? { requiredEquipment: equipmentFrom(env.REQUIRED_EQUIPMENT, customEquipment) }
      : {}),
    customEquipment,
    ...(minConfidence !== undefined ? { minConfidence } : {}),
    ...(env.ALERT_ON_INDETERMINATE ? { alertOnIndeterminate: booleanFrom(env) } : {}),
    ...(cooldown !== undefined ? { alertCooldownSeconds: cooldown } : {}),
    ...(retention !== undefined ? { resultRetentionDays: retention } : {}),
    ...(rekognitionTps !== undefined ? { rekognitionTps } : {}),
    ...(env.POLICIES ? { policies: policiesFrom(env.POLICIES) } : {}),
  };
  return {
    help: values.help === true,
    detector: detectorFrom(env.PPE_DETECTOR),
    analysis,
    report: reportFrom(env),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    logLevel: env.LOG_LEVEL || env.POWERTOOLS_LOG_LEVEL || 'INFO',
    ...(port !== undefined ? { port } : {}),
    ...(s3Port !== undefined ? { s3Port } : {}),
    ...(consolePort !== undefined ? { consolePort } : {}),
    ...(tps !== undefined ? { replayCallsPerSecond: tps } : {}),
    ...(latency !== undefined ? { replayLatencyMs: latency } : {}),
    ...(dataDir ? { dataDir: resolve(dataDir) } : {}),
    ...(env.PPE_REPLAY_DIR ? { replayDir: resolve(env.PPE_REPLAY_DIR) } : {}),
    ...(env.PPE_REPLAY_FALLBACK ? { replayFallback: resolve(env.PPE_REPLAY_FALLBACK) } : {}),
    ...(env.PPE_REPLAY_STOPPED_MODELS
      ? { replayStoppedModels: env.PPE_REPLAY_STOPPED_MODELS.split(',').map((arn) => arn.trim()) }
      : {}),
  };
}

/** `npm start`: starts the runtime, prints how to use it, and stops it cleanly on Ctrl-C. */
async function main(): Promise<void> {
  const { help, ...options } = readOptions();
  if (help) {
    console.log(USAGE);
    return;
  }
  const runtime = await startLocalRuntime(options);
  console.log(
    banner(
      runtime,
      options.dataDir ? { kind: 'disk', dataDir: options.dataDir } : { kind: 'memory' },
    ),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping (again to force)...`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`${message}: a port is taken; set PORT, S3_PORT or CONSOLE_PORT to free ones.`);
  } else if (error instanceof ConfigError || process.env.LOG_LEVEL !== 'DEBUG') {
    console.error(`The local runtime could not start: ${message}`);
  } else console.error('The local runtime could not start:', error);
  process.exit(1);
});
