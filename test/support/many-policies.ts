import type { PolicyRuleInput } from '../../lambda/schemas/policy.js';

/**
 * A large site's policies: `count` camera rules of three cameras each, with every field set, so
 * each rule is as long as an operator would write it.
 */
export function manyPolicies(count: number): PolicyRuleInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `line-${String(i).padStart(3, '0')}`,
    cameras: [0, 1, 2].map((n) => `plant-${Math.floor(i / 10)}-line-${i}-cam-${n}`),
    requiredEquipment: ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'],
    minConfidence: 85,
    alertOnIndeterminate: i % 2 === 0,
    cooldownMinutes: 10,
  }));
}
