import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AssetStaging, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { POLICIES_FILE_NAME } from '../../lambda/functions/policies.js';
import { loadConfig, type PpeConfig } from '../../lib/config.js';
import { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { PROJECT_ROOT } from '../../lib/ppe-function.js';

/** The `context` of cdk.json (feature flags), so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/** An app and the stack built the way bin/app.ts builds them, with extra context. */
export function buildApp(context: Record<string, unknown> = {}): {
  app: App;
  stack: PpeDetectionStack;
  config: PpeConfig;
} {
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  const config = loadConfig(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext()),
  );
  const stack = new PpeDetectionStack(app, 'PpeDetection', { config });
  return { app, stack, config };
}

/** Non-default values, so each assertion proves the value comes from the configuration. */
export const TEST_CONTEXT = {
  requiredEquipment: 'HEAD_COVER,HAND_COVER',
  minConfidence: '90',
  alertOnIndeterminate: 'true',
  alertEmails: 'safety@example.com,lead@example.com',
  alarmEmails: 'ops@example.com',
  imageRetentionDays: '14',
  resultRetentionDays: '30',
  s3MaxConcurrency: '7',
  s3BatchSize: '3',
  rekognitionTps: '14',
  apiRateLimit: '25',
  apiBurstLimit: '50',
  alertCooldownMinutes: '10',
  policies: JSON.stringify([
    {
      id: 'food-line',
      locationPrefix: 'plant-3/',
      requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
      cooldownMinutes: 1,
    },
  ]),
};

/** Synthesizes the stack (bundling its functions) and returns its template. */
export function synthesize(context: Record<string, unknown>): {
  stack: PpeDetectionStack;
  template: Template;
  logicalId: (construct: IConstruct) => string;
} {
  const { stack } = buildApp(context);
  return {
    stack,
    template: Template.fromStack(stack),
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}

/** Where a function's code asset was staged: the directory Lambda unpacks into /var/task. */
export function stagedCodeDirectory(fn: IConstruct): string {
  const staging = fn.node.findChild('Code').node.findChild('Stage') as AssetStaging;
  return staging.absoluteStagedPath;
}

/** The policy file bundled into a function's code, parsed, as the function reads it. */
export function bundledPolicies(fn: IConstruct): unknown {
  return JSON.parse(readFileSync(join(stagedCodeDirectory(fn), POLICIES_FILE_NAME), 'utf8'));
}
