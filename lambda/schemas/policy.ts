import * as z from 'zod';
import type { PolicySet } from '../domain/policy.js';
import { CAMERA_ID_PATTERN, equipmentTypeSchema } from './frame-request.js';
import { minConfidenceSchema } from './min-confidence.js';

const minConfidence = minConfidenceSchema();
const equipment = z.array(equipmentTypeSchema).min(1);

/** One policy rule as an operator writes it in the `policies` context (cdk.json). */
export const policyRuleInputSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    cameras: z.array(z.string().regex(CAMERA_ID_PATTERN)).min(1).optional(),
    locationPrefix: z.string().min(1).max(256).optional(),
    requiredEquipment: equipment.optional(),
    minConfidence: minConfidence.optional(),
    alertOnIndeterminate: z.boolean().optional(),
    cooldownMinutes: z.number().min(0).max(1440).optional(),
  })
  .refine((rule) => rule.cameras !== undefined || rule.locationPrefix !== undefined, {
    error: 'needs "cameras" or "locationPrefix" to say where it applies',
  });

/** A policy rule as written in the `policies` context. */
export type PolicyRuleInput = z.infer<typeof policyRuleInputSchema>;

const policySchema = z.strictObject({
  id: z.string(),
  requiredEquipment: equipment,
  minConfidence,
  alertOnIndeterminate: z.boolean(),
  cooldownSeconds: z.number().min(0),
});

/** The resolved policy set, as the stack hands it to the functions in their policy file. */
export const policySetSchema = z.strictObject({
  default: policySchema,
  rules: z.array(
    policySchema.extend({
      cameras: z.array(z.string()).optional(),
      locationPrefix: z.string().optional(),
    }),
  ),
});

/** Fills each rule's unset fields from the default policy. */
export function resolvePolicyRules(
  defaults: PolicySet['default'],
  rules: readonly PolicyRuleInput[],
): PolicySet {
  return {
    default: defaults,
    rules: rules.map(({ cooldownMinutes, ...rule }) => ({
      ...defaults,
      ...rule,
      cooldownSeconds:
        cooldownMinutes === undefined ? defaults.cooldownSeconds : cooldownMinutes * 60,
    })),
  };
}
