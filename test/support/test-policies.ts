import type { PolicySet } from '../../lambda/domain/policy.js';

/** The policies of the tests and benchmarks: face covers at 80, no cooldown, unless a test says otherwise. */
export const testPolicies: PolicySet = {
  default: {
    id: 'default',
    requiredEquipment: ['FACE_COVER'],
    minConfidence: 80,
    alertOnIndeterminate: false,
    cooldownSeconds: 0,
  },
  rules: [],
};
