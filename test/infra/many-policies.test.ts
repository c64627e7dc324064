import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { policySetSchema } from '../../lambda/schemas/policy.js';
import type { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { manyPolicies } from '../support/many-policies.js';
import { bundledPolicies, synthesize } from './synth.js';

/** Lambda's limit on a function's environment variables, keys and values together. */
const LAMBDA_ENVIRONMENT_LIMIT = 4096;

/**
 * A function's environment size as Lambda counts it: the bytes of every key and value. A value
 * CloudFormation resolves at deploy (a table name, a topic ARN) counts as the longest it can be.
 */
function environmentBytes(variables: Record<string, unknown>): number {
  return Object.entries(variables).reduce(
    (total, [key, value]) =>
      total + Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 256),
    0,
  );
}

// One synth with a large site's configuration: every synth bundles all the functions.
let stack: PpeDetectionStack;
let template: Template;
beforeAll(() => {
  ({ stack, template } = synthesize({ policies: JSON.stringify(manyPolicies(200)) }));
});

describe('a site with 200 policies of three cameras each', () => {
  it("keeps every function's environment within Lambda's 4 KB", () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(5);

    for (const [id, fn] of functions) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      expect(environmentBytes(variables), id).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT);
    }
  });

  it('gives both ingest paths and the alert publisher all 200 policies', () => {
    for (const role of ['apiIngest', 's3Ingest', 'alertPublisher'] as const) {
      const policies = policySetSchema.parse(bundledPolicies(stack.functions[role]));

      expect(policies.rules).toHaveLength(200);
      expect(policies.rules[199]).toEqual({
        id: 'line-199',
        cameras: ['plant-19-line-199-cam-0', 'plant-19-line-199-cam-1', 'plant-19-line-199-cam-2'],
        requiredEquipment: ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'],
        minConfidence: 85,
        alertOnIndeterminate: false,
        cooldownSeconds: 600,
      });
    }
  });
});
