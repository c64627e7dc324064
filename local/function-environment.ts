import type { CustomEquipment } from '../lambda/domain/custom-equipment.js';
import type { EquipmentType } from '../lambda/domain/equipment.js';
import type { PolicySet } from '../lambda/domain/policy.js';
import { type PolicyRuleInput, resolvePolicyRules } from '../lambda/schemas/policy.js';

/** Which Rekognition the handlers call. */
export type DetectorKind = 'replay' | 'rekognition';

/** Where the stand-ins listen and what the stack would have configured. */
export interface FunctionEnvironmentInput {
  region: string;
  tableName: string;
  topicArn: string;
  endpoints: { dynamodb: string; s3: string; sns: string; rekognition?: string };
  detector: DetectorKind;
  logLevel: string;
  analysis: AnalysisSettings;
  /** The policy file the functions read (POLICIES_FILE), as the stack bundles it beside them. */
  policiesFile: string;
  /** The ingest bucket, where API-path images are kept and blurred copies are cached. */
  ingestBucket?: string;
}

/** The stack's analysis settings: its default policy, and how long results are kept. */
export interface AnalysisSettings {
  requiredEquipment: EquipmentType[];
  minConfidence: number;
  alertOnIndeterminate: boolean;
  /** Seconds after an alert during which a camera's further violations are held back. */
  alertCooldownSeconds: number;
  resultRetentionDays: number;
  /**
   * The S3 path's Rekognition calls per second. The stack splits it between the containers that
   * may run at once; locally one function instance serves every batch, so it paces at all of it.
   */
  rekognitionTps: number;
  /** Per-camera or per-location policies, as the stack's `policies` context takes them. */
  policies: PolicyRuleInput[];
  /** Custom equipment types, as the stack's `customEquipment` context takes them. */
  customEquipment: CustomEquipment[];
}

/** What the stack deploys unless configured otherwise; no alert cooldown, to see every alert. */
export const DEFAULT_ANALYSIS: AnalysisSettings = {
  requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
  minConfidence: 80,
  alertOnIndeterminate: false,
  alertCooldownSeconds: 0,
  resultRetentionDays: 365,
  rekognitionTps: 5,
  policies: [],
  customEquipment: [],
};

/** The policy set the functions judge by: the default from the settings, and its rules. */
export function localPolicySet(analysis: AnalysisSettings): PolicySet {
  return resolvePolicyRules(
    {
      id: 'default',
      requiredEquipment: analysis.requiredEquipment,
      minConfidence: analysis.minConfidence,
      alertOnIndeterminate: analysis.alertOnIndeterminate,
      cooldownSeconds: analysis.alertCooldownSeconds,
    },
    analysis.policies,
  );
}

/**
 * The analysis settings the functions read from their environment (the policies come in a
 * file), and the default policy in the single variables that functions built before policies read.
 */
export function analysisVariables(analysis: AnalysisSettings): Record<string, string> {
  return {
    REQUIRED_EQUIPMENT: analysis.requiredEquipment.join(','),
    MIN_CONFIDENCE: String(analysis.minConfidence),
    ALERT_ON_INDETERMINATE: String(analysis.alertOnIndeterminate),
    RESULT_RETENTION_DAYS: String(analysis.resultRetentionDays),
    DETECTOR_CALLS_PER_SECOND: String(analysis.rekognitionTps),
    CUSTOM_EQUIPMENT: JSON.stringify(analysis.customEquipment),
  };
}

/** Variables to set, and variables to remove, before the function entries are imported. */
export interface EnvironmentChange {
  set: Record<string, string>;
  unset: string[];
}

/**
 * The environment the deployed functions get from the stack, pointed at the local stand-ins
 * through the SDK's own AWS_ENDPOINT_URL_<SERVICE> variables. With the replay detector every
 * client gets dummy credentials; with the real one, the default credential chain is left alone
 * and Rekognition keeps its real endpoint.
 */
export function functionEnvironment(input: FunctionEnvironmentInput): EnvironmentChange {
  const set: Record<string, string> = {
    AWS_REGION: input.region,
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: input.endpoints.s3,
    AWS_ENDPOINT_URL_SNS: input.endpoints.sns,
    TABLE_NAME: input.tableName,
    TOPIC_ARN: input.topicArn,
    ...analysisVariables(input.analysis),
    POLICIES_FILE: input.policiesFile,
    ...(input.ingestBucket ? { INGEST_BUCKET: input.ingestBucket } : {}),
    // Nobody signs requests locally: the image routes record original views as by `local`.
    CALLER_FALLBACK: 'local',
    POWERTOOLS_SERVICE_NAME: 'ppe-detection',
    POWERTOOLS_METRICS_NAMESPACE: 'PpeDetection',
    // EMF lines would drown the logs locally; no X-Ray daemon runs here.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: input.logLevel,
  };
  // Would make the SDK ignore the endpoints above.
  const unset = ['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
  if (input.detector === 'replay') {
    set.AWS_ENDPOINT_URL_REKOGNITION = input.endpoints.rekognition ?? '';
    set.AWS_ACCESS_KEY_ID = 'local';
    set.AWS_SECRET_ACCESS_KEY = 'local';
    // A profile makes the SDK skip the variables above, and may need a login.
    unset.push('AWS_SESSION_TOKEN', 'AWS_PROFILE');
  }
  return { set, unset };
}

/** Applies an environment change to this process. */
export function applyEnvironment(change: EnvironmentChange): void {
  for (const name of change.unset) delete process.env[name];
  Object.assign(process.env, change.set);
}
