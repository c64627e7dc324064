import type { EquipmentType } from './equipment.js';

/** What a site requires of the people a camera sees, and how it wants to be alerted. */
export interface Policy {
  id: string;
  requiredEquipment: EquipmentType[];
  minConfidence: number;
  alertOnIndeterminate: boolean;
  /** After an alert for a camera, further violations there within this many seconds are held back. */
  cooldownSeconds: number;
}

/** A policy with the cameras, or the location prefix, it applies to. */
export interface PolicyRule extends Policy {
  cameras?: string[];
  locationPrefix?: string;
}

/** The stack's default policy and the per-camera or per-location rules that refine it. */
export interface PolicySet {
  default: Policy;
  rules: PolicyRule[];
}

/**
 * The policy for a frame: a rule naming its camera wins, then the rule with the longest
 * matching location prefix, then the stack's default.
 */
export function resolvePolicy(set: PolicySet, cameraId: string, location?: string): Policy {
  const byCamera = set.rules.find((rule) => rule.cameras?.includes(cameraId));
  if (byCamera) return byCamera;
  const byLocation = set.rules
    .filter(
      (rule) => rule.locationPrefix !== undefined && location?.startsWith(rule.locationPrefix),
    )
    .sort((a, b) => (b.locationPrefix?.length ?? 0) - (a.locationPrefix?.length ?? 0))[0];
  return byLocation ?? set.default;
}

/** The policy a stored frame was judged by, found again by its id (the default if it is gone). */
export function policyById(set: PolicySet, id: string | undefined): Policy {
  return set.rules.find((rule) => rule.id === id) ?? set.default;
}
