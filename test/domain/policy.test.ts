import { describe, expect, it } from 'vitest';
import { type PolicySet, policyById, resolvePolicy } from '../../lambda/domain/policy.js';
import { resolvePolicyRules } from '../../lambda/schemas/policy.js';

const set: PolicySet = resolvePolicyRules(
  {
    id: 'default',
    requiredEquipment: ['HEAD_COVER'],
    minConfidence: 80,
    alertOnIndeterminate: false,
    cooldownSeconds: 300,
  },
  [
    { id: 'plant', locationPrefix: 'plant-3/', requiredEquipment: ['FACE_COVER', 'HAND_COVER'] },
    { id: 'line-2', locationPrefix: 'plant-3/line-2', minConfidence: 90, cooldownMinutes: 1 },
    { id: 'gate', cameras: ['cam-gate'], alertOnIndeterminate: true },
  ],
);

describe('resolvePolicy', () => {
  it('falls back to the stack default for a camera no policy names', () => {
    expect(resolvePolicy(set, 'cam-01', 'yard').id).toBe('default');
  });

  it('picks the longest matching location prefix', () => {
    expect(resolvePolicy(set, 'cam-01', 'plant-3/line-2/north').id).toBe('line-2');
    expect(resolvePolicy(set, 'cam-01', 'plant-3/line-1').id).toBe('plant');
  });

  it('prefers a policy naming the camera over any location', () => {
    expect(resolvePolicy(set, 'cam-gate', 'plant-3/line-2').id).toBe('gate');
  });

  it('fills what a policy leaves out from the default', () => {
    expect(resolvePolicy(set, 'cam-01', 'plant-3/line-2')).toMatchObject({
      requiredEquipment: ['HEAD_COVER'],
      minConfidence: 90,
      alertOnIndeterminate: false,
      cooldownSeconds: 60,
    });
  });

  it('finds a stored frame policy by id, or the default when it was removed', () => {
    expect(policyById(set, 'gate').alertOnIndeterminate).toBe(true);
    expect(policyById(set, 'retired').id).toBe('default');
  });
});
